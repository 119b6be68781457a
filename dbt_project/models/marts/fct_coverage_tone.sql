-- Tone of every coverage item as the report counts it: the lexicon's tone
-- (int_coverage__tone), unless the analyst set it in reviews/ (set_tone, latest decision per
-- item, int_coverage__review_decisions). Tone is a label of coverage; it has no money value.
-- Incremental per item (see macros/item_changes.sql): a change of the decisions rebuilds every
-- item (they are few).
-- depends_on: {{ ref('int_coverage__items') }}

{{
    config(
        materialized='incremental',
        incremental_strategy='append',
        on_schema_change='append_new_columns',
        meta={
            'item_inputs': ['int_coverage__items', 'fct_coverage', 'int_coverage__tone'],
            'reference_tables': ['int_coverage__review_decisions'],
        },
        pre_hook="{{ replace_changed_items() }}",
    )
}}

with

coverage as (

    select * from {{ ref('fct_coverage') }}
    {{- only_changed_items() }}

),

lexicon as (

    select * from {{ ref('int_coverage__tone') }}
    {{- only_changed_items() }}

),

decisions as (

    select * from {{ ref('int_coverage__review_decisions') }}
    where decision_on = 'tone'

)

select
    cast(coverage.item_id as varchar) as item_id,
    cast(coverage.year as integer) as year,
    cast(coverage.month as integer) as month,
    cast(coverage.published_date as date) as published_date,
    cast(coverage.agency_id as varchar) as agency_id,
    cast(coverage.agency as varchar) as agency,
    cast(coverage.primary_theme_area as integer) as primary_theme_area,
    cast(coverage.is_contracted as boolean) as is_contracted,
    cast(coverage.is_original as boolean) as is_original,
    cast(coalesce(decisions.tone, lexicon.tone) as varchar) as tone,
    cast(case when decisions.tone is not null then 'review' else 'lexicon' end as varchar)
        as tone_source,
    cast(lexicon.tone as varchar) as lexicon_tone,
    cast(lexicon.tone_score as double) as tone_score,
    cast(lexicon.matched_terms as varchar) as matched_terms,
    cast(decisions.review_file || '#' || decisions.review_row as varchar) as tone_review_row,
    cast(decisions.reviewed_by as varchar) as tone_reviewed_by,
    cast(decisions.reviewed_on as date) as tone_reviewed_on,
    {{ change_stamp() }} as changed_at,
    {{ inputs_fingerprint() }} as inputs_fingerprint
from coverage
inner join lexicon
    on coverage.item_id = lexicon.item_id
left join decisions
    on coverage.item_id = decisions.item_id
