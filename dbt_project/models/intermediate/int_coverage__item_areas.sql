-- The content areas an item carries, one row per item and area: the areas of its theme tags
-- (an area the analyst rejected is gone from them already, int_coverage__themes) and the areas
-- the analyst confirmed for it (int_coverage__review_decisions), even when no keyword of the
-- area was found. Contract matching and match candidates read the same areas from here.
-- Incremental per item (see macros/item_changes.sql): a change of the decisions rebuilds every
-- item (they are few).

{{
    config(
        materialized='incremental',
        incremental_strategy='append',
        on_schema_change='append_new_columns',
        meta={
            'item_inputs': ['int_coverage__items', 'int_coverage__themes'],
            'reference_tables': ['int_coverage__review_decisions'],
        },
        pre_hook="{{ replace_changed_items() }}",
    )
}}

with

items as (

    select item_id from {{ ref('int_coverage__items') }}
    {{- only_changed_items() }}

),

tagged as (

    select
        item_id,
        theme_area
    from {{ ref('int_coverage__themes') }}
    {{- only_changed_items() }}

),

confirmed as (

    select
        item_id,
        theme_area
    from {{ ref('int_coverage__review_decisions') }}
    where decision_on = 'theme' and is_confirmed

),

areas as (

    select
        item_id,
        theme_area
    from tagged
    union
    select
        confirmed.item_id,
        confirmed.theme_area
    from confirmed
    inner join items on confirmed.item_id = items.item_id

)

select
    item_id,
    theme_area,
    {{ change_stamp() }} as changed_at,
    {{ inputs_fingerprint() }} as inputs_fingerprint
from areas
