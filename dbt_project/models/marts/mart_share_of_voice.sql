-- Contracted versus organic coverage of the city, per month of every year with coverage.
-- Contracted: the item counts against a contract; organic: everything else published.

with

items as (

    select * from {{ ref('fct_coverage') }}

),

years as (

    select distinct year
    from items
    where year is not null

),

months as (

    select
        years.year,
        unnest(generate_series(1, 12)) as month
    from years

),

monthly as (

    select
        year,
        month,
        count(*) filter (where is_contracted) as contracted_items,
        count(*) filter (where not is_contracted) as organic_items
    from items
    group by year, month

)

select
    cast(months.year as integer) as year,
    cast(months.month as integer) as month,
    cast(coalesce(monthly.contracted_items, 0) as integer) as contracted_items,
    cast(coalesce(monthly.organic_items, 0) as integer) as organic_items,
    cast(coalesce(monthly.contracted_items, 0) + coalesce(monthly.organic_items, 0) as integer)
        as total_items,
    cast(
        monthly.contracted_items / nullif(monthly.contracted_items + monthly.organic_items, 0)
        as double
    ) as contracted_share
from months
left join monthly
    on months.year = monthly.year and months.month = monthly.month
