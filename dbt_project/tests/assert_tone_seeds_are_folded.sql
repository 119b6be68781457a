-- The accent-free terms of the tone_lexicon and tone_modifiers seeds are exactly the folded
-- form of their Vietnamese terms: rows returned here have drifted apart.

{{ config(meta={'dagster': {'ref': {'name': 'tone_lexicon'}}}) }}

with

terms as (

    select
        'tone_lexicon' as seed,
        term_vi,
        term_ascii
    from {{ ref('tone_lexicon') }}
    union all
    select
        'tone_modifiers' as seed,
        term_vi,
        term_ascii
    from {{ ref('tone_modifiers') }}

)

select *
from terms
where {{ fold_text('term_vi') }} is distinct from term_ascii
