-- Items the inbox does not link to any contract (or whose every claim the analyst rejected) that
-- nevertheless fit a contract line (not of a contract the analyst rejected for them): a line of
-- the item's own agency whose period covers the publication date, of the same deliverable type
-- and of a content area the item carries. They are listed for an analyst to review and never
-- count as delivery (what counts is what the inbox claims: see int_coverage__contract_match).
-- One row per candidate item: its best fitting line (the same channel first, then the earliest
-- contract, then the lowest line number) and how many lines fit.
-- reason: no_contract_number, or unknown_contract (the item names a contract that is not in
-- the contracts list).
-- Incremental per item (see macros/item_changes.sql): a change of the contract lines rebuilds
-- every item.

{{
    config(
        materialized='incremental',
        incremental_strategy='append',
        on_schema_change='append_new_columns',
        meta={
            'item_inputs': [
                'int_coverage__items', 'int_coverage__claims', 'int_coverage__item_areas'
            ],
            'reference_tables': ['int_contract_lines'],
        },
        pre_hook="{{ replace_changed_items() }}",
    )
}}

with

items as (

    select * from {{ ref('int_coverage__items') }}
    {{- only_changed_items() }}

),

claims as (

    select * from {{ ref('int_coverage__claims') }}
    {{- only_changed_items() }}

),

lines as (

    select * from {{ ref('int_contract_lines') }}

),

-- The areas an item carries: its tags and the areas the analyst confirmed for it.
item_areas as (

    select
        item_id,
        theme_area
    from {{ ref('int_coverage__item_areas') }}
    {{- only_changed_items() }}

),

unlinked as (

    select
        item_id,
        min(contract_id) filter (where not is_rejected) as claimed_contract_id
    from claims
    group by item_id
    having not bool_or(is_known_contract and not is_rejected)

),

-- A contract the analyst rejected for the item is not proposed again.
rejected as (

    select
        item_id,
        contract_id
    from claims
    where is_rejected

),

fitting as (

    select
        items.item_id,
        unlinked.claimed_contract_id,
        lines.contract_line_id,
        lines.contract_id,
        count(*) over (partition by items.item_id) as candidate_lines,
        row_number() over (
            partition by items.item_id
            order by
                coalesce(lines.channel = items.channel, false) desc,
                lines.start_date asc,
                lines.contract_id asc,
                lines.line_no asc
        ) as candidate_rank
    from items
    inner join unlinked
        on items.item_id = unlinked.item_id
    inner join lines
        on
            items.agency_id = lines.agency_id
            and items.deliverable_type = lines.deliverable_type
            and items.published_date between lines.start_date and lines.end_date
    inner join item_areas
        on
            items.item_id = item_areas.item_id
            and lines.theme_area = item_areas.theme_area
    left join rejected
        on
            items.item_id = rejected.item_id
            and lines.contract_id = rejected.contract_id
    where rejected.item_id is null

)

select
    item_id,
    contract_line_id as candidate_contract_line_id,
    contract_id as candidate_contract_id,
    candidate_lines,
    claimed_contract_id,
    case
        when claimed_contract_id is null then 'no_contract_number' else 'unknown_contract'
    end as reason,
    {{ change_stamp() }} as changed_at,
    {{ inputs_fingerprint() }} as inputs_fingerprint
from fitting
where candidate_rank = 1
