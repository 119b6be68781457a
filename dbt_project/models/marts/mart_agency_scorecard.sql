-- One row per year and agency: what was contracted (by the contract's year) and what was
-- published (by the publication year). Reach is potential reach, an estimate.
-- cost_per_1000_reach_vnd = accepted value / (potential reach of the accepted items / 1,000);
-- reach_estimate_total counts every published item, contracted or not.
-- Quantities and rates are kept per unit: lines counted in items and programme lines counted in
-- minutes never add up into one figure or one rate.

with

budget as (

    select * from {{ ref('mart_budget') }}

),

fulfilment as (

    select * from {{ ref('mart_contract_fulfilment') }}

),

coverage as (

    select * from {{ ref('fct_coverage') }}

),

agencies as (

    select * from {{ ref('dim_agency') }}

),

contracted as (

    select
        year,
        agency_id,
        count(*) as contracts,
        sum(contract_value_vnd) as contract_value_vnd,
        sum(accepted_value_vnd) as accepted_value_vnd,
        sum(total_disbursed_vnd) as total_disbursed_vnd
    from budget
    group by year, agency_id

),

delivered as (

    select
        year,
        agency_id,
        sum(ordered_qty) filter (where unit = 'item') as ordered_items,
        sum(delivered_qty) filter (where unit = 'item') as delivered_items,
        sum(accepted_qty) filter (where unit = 'item') as accepted_items,
        sum(on_time_qty) filter (where unit = 'item') as on_time_items,
        sum(ordered_qty) filter (where unit = 'minute') as ordered_minutes,
        sum(delivered_qty) filter (where unit = 'minute') as delivered_minutes,
        sum(accepted_qty) filter (where unit = 'minute') as accepted_minutes,
        sum(on_time_qty) filter (where unit = 'minute') as on_time_minutes,
        sum(accepted_reach_estimate) as accepted_reach_estimate
    from fulfilment
    group by year, agency_id

),

published as (

    select
        year,
        agency_id,
        count(*) as items_published,
        count(*) filter (where is_contracted) as contracted_items,
        count(*) filter (where not is_contracted) as organic_items,
        count(distinct story_id) as unique_stories,
        count(*) filter (where is_syndicated_copy) as syndicated_copies,
        sum(reach_estimate) as reach_estimate_total,
        sum(views) as views_total
    from coverage
    group by year, agency_id

),

area_counts as (

    select
        year,
        agency_id,
        primary_theme_area,
        count(*) as items
    from coverage
    where primary_theme_area is not null
    group by year, agency_id, primary_theme_area

),

top_areas as (

    select
        year,
        agency_id,
        arg_max(primary_theme_area, (items, -primary_theme_area)) as top_theme_area
    from area_counts
    group by year, agency_id

),

grid as (

    select
        year,
        agency_id
    from contracted
    union
    select
        year,
        agency_id
    from published

)

select
    cast(grid.year as integer) as year,
    cast(grid.agency_id as varchar) as agency_id,
    cast(agencies.agency as varchar) as agency,
    cast(agencies.tier as varchar) as tier,
    cast(coalesce(contracted.contracts, 0) as integer) as contracts,
    cast(coalesce(contracted.contract_value_vnd, 0) as bigint) as contract_value_vnd,
    cast(coalesce(contracted.accepted_value_vnd, 0) as bigint) as accepted_value_vnd,
    cast(coalesce(contracted.total_disbursed_vnd, 0) as bigint) as total_disbursed_vnd,
    cast(
        contracted.accepted_value_vnd / nullif(contracted.total_disbursed_vnd, 0) as double
    ) as accepted_to_disbursed_ratio,
    cast(coalesce(delivered.ordered_items, 0) as double) as ordered_items,
    cast(coalesce(delivered.delivered_items, 0) as double) as delivered_items,
    cast(coalesce(delivered.accepted_items, 0) as double) as accepted_items,
    cast(delivered.accepted_items / nullif(delivered.ordered_items, 0) as double)
        as delivery_rate_items,
    cast(delivered.on_time_items / nullif(delivered.delivered_items, 0) as double)
        as on_time_rate_items,
    cast(coalesce(delivered.ordered_minutes, 0) as double) as ordered_minutes,
    cast(coalesce(delivered.delivered_minutes, 0) as double) as delivered_minutes,
    cast(coalesce(delivered.accepted_minutes, 0) as double) as accepted_minutes,
    cast(delivered.accepted_minutes / nullif(delivered.ordered_minutes, 0) as double)
        as delivery_rate_minutes,
    cast(delivered.on_time_minutes / nullif(delivered.delivered_minutes, 0) as double)
        as on_time_rate_minutes,
    cast(coalesce(published.items_published, 0) as integer) as items_published,
    cast(coalesce(published.contracted_items, 0) as integer) as contracted_items,
    cast(coalesce(published.organic_items, 0) as integer) as organic_items,
    cast(coalesce(published.unique_stories, 0) as integer) as unique_stories,
    cast(coalesce(published.syndicated_copies, 0) as integer) as syndicated_copies,
    cast(coalesce(published.reach_estimate_total, 0) as bigint) as reach_estimate_total,
    cast(coalesce(delivered.accepted_reach_estimate, 0) as bigint) as accepted_reach_estimate,
    cast(
        contracted.accepted_value_vnd / nullif(delivered.accepted_reach_estimate / 1000.0, 0)
        as double
    ) as cost_per_1000_reach_vnd,
    cast(published.views_total as bigint) as views_total,
    cast(top_areas.top_theme_area as integer) as top_theme_area
from grid
left join agencies
    on grid.agency_id = agencies.agency_id
left join contracted
    on grid.year = contracted.year and grid.agency_id = contracted.agency_id
left join delivered
    on grid.year = delivered.year and grid.agency_id = delivered.agency_id
left join published
    on grid.year = published.year and grid.agency_id = published.agency_id
left join top_areas
    on grid.year = top_areas.year and grid.agency_id = top_areas.agency_id
