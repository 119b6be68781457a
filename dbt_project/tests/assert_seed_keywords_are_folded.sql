-- The accent-free keywords of the themes, key_messages and neutral_phrases seeds are exactly
-- the folded form of their Vietnamese keywords, in the same order: rows returned here have
-- drifted apart. It reads several seeds; meta.dagster.ref attaches it to `themes` so Dagster
-- runs it as an asset check of that seed.

{{ config(meta={'dagster': {'ref': {'name': 'themes'}}}) }}

with

keyword_lists as (

    select
        'themes' as seed,
        sub_theme_id as label,
        keywords_vi,
        keywords_ascii
    from {{ ref('themes') }}
    union all
    select
        'key_messages' as seed,
        message_id as label,
        keywords_vi,
        keywords_ascii
    from {{ ref('key_messages') }}
    union all
    select
        'neutral_phrases' as seed,
        phrase_id as label,
        keywords_vi,
        keywords_ascii
    from {{ ref('neutral_phrases') }}

)

select *
from keyword_lists
where
    replace({{ fold_text("replace(keywords_vi, '|', ' qqqsepqqq ')") }}, ' qqqsepqqq ', '|')
    is distinct from keywords_ascii
