-- Incremental per item (see macros/item_changes.sql).
-- depends_on: {{ ref('int_coverage__items') }}

{{
    config(
        materialized='incremental',
        incremental_strategy='append',
        on_schema_change='append_new_columns',
        meta={
            'item_inputs': ['int_coverage__items', 'int_coverage__themes'],
            'reference_tables': [],
        },
        pre_hook="{{ replace_changed_items() }}",
    )
}}

with

themes as (

    select * from {{ ref('int_coverage__themes') }}
    {{- only_changed_items() }}

)

select
    cast(item_id as varchar) as item_id,
    cast(theme_area as integer) as theme_area,
    cast(sub_theme_id as varchar) as sub_theme_id,
    cast(keyword_hits as integer) as keyword_hits,
    cast(matched_keywords as varchar) as matched_keywords,
    {{ change_stamp() }} as changed_at,
    {{ inputs_fingerprint() }} as inputs_fingerprint
from themes
