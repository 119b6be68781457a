-- Delivery per contract line: what was published, accepted and published on time against it.
-- Quantities are in the line's unit: items, or minutes for programmes (an item's duration).

with

lines as (

    select * from {{ ref('int_contract_lines') }}

),

items as (

    select * from {{ ref('int_coverage__items') }}

),

matches as (

    select * from {{ ref('int_coverage__contract_match') }}

),

delivered as (

    select
        matches.matched_contract_line_id as contract_line_id,
        matches.is_accepted,
        matches.is_on_time,
        items.reach_estimate,
        case
            when lines.unit = 'minute' then coalesce(items.duration_min, 0)
            else 1
        end as quantity
    from matches
    inner join items
        on matches.item_id = items.item_id
    inner join lines
        on matches.matched_contract_line_id = lines.contract_line_id

),

per_line as (

    select
        contract_line_id,
        count(*) as delivered_items,
        count(*) filter (where is_accepted) as accepted_items,
        sum(quantity) as delivered_qty,
        coalesce(sum(quantity) filter (where is_accepted), 0) as accepted_qty,
        coalesce(sum(quantity) filter (where is_on_time), 0) as on_time_qty,
        coalesce(sum(reach_estimate) filter (where is_accepted), 0) as accepted_reach_estimate
    from delivered
    group by contract_line_id

)

select
    lines.contract_line_id,
    lines.quantity as ordered_qty,
    coalesce(per_line.delivered_qty, 0) as delivered_qty,
    coalesce(per_line.accepted_qty, 0) as accepted_qty,
    coalesce(per_line.on_time_qty, 0) as on_time_qty,
    coalesce(per_line.delivered_items, 0) as delivered_items,
    coalesce(per_line.accepted_items, 0) as accepted_items,
    coalesce(per_line.accepted_reach_estimate, 0) as accepted_reach_estimate,
    cast(
        round(least(coalesce(per_line.accepted_qty, 0), lines.quantity) * lines.unit_price_vnd)
        as bigint
    ) as accepted_value_vnd
from lines
left join per_line
    on lines.contract_line_id = per_line.contract_line_id
