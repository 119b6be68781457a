-- The accent-free keywords of the themes and key_messages seeds are exactly the folded form of
-- their Vietnamese keywords, in the same order: rows returned here have drifted apart.
-- It reads two seeds; meta.dagster.ref attaches it to `themes` so Dagster runs it as an asset
-- check of that seed.

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

)

select *
from keyword_lists
where
    replace({{ fold_text("replace(keywords_vi, '|', ' qqqsepqqq ')") }}, ' qqqsepqqq ', '|')
    is distinct from keywords_ascii
