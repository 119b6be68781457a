-- Key-message penetration: items carrying each key message of the plan, per year, and their
-- share of the year's items.

with

items as (

    select
        item_id,
        published_year
    from {{ ref('int_coverage__items') }}
    where published_year is not null

),

messages as (

    select * from {{ ref('key_messages') }}

),

tags as (

    select * from {{ ref('int_coverage__key_messages') }}

),

year_totals as (

    select
        published_year,
        count(*) as total_items
    from items
    group by published_year

),

carried as (

    select
        items.published_year,
        tags.message_id,
        count(distinct tags.item_id) as items
    from tags
    inner join items
        on tags.item_id = items.item_id
    group by items.published_year, tags.message_id

)

select
    cast(year_totals.published_year as integer) as year,
    cast(messages.message_id as varchar) as message_id,
    cast(messages.message_vi as varchar) as message_vi,
    cast(coalesce(carried.items, 0) as integer) as items,
    cast(year_totals.total_items as integer) as total_items,
    cast(coalesce(carried.items, 0) / year_totals.total_items as double) as share
from year_totals
cross join messages
left join carried
    on
        year_totals.published_year = carried.published_year
        and messages.message_id = carried.message_id
