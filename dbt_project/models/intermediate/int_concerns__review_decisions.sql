-- The analyst's decisions on which items are about which public concern (reviews/ inbox:
-- confirm_concern / reject_concern by concern id and item URL), resolved to items by their
-- URL as the other item decisions are (int_coverage__review_decisions). The latest decision
-- per concern and item counts: a later reject undoes an earlier confirm and the other way
-- round. A decision naming an item the coverage does not hold, or a concern concerns/ does not
-- list, resolves to nothing.

with

items as (

    select
        item_id,
        url_key
    from {{ ref('int_coverage__items') }}
    where url_key is not null

),

decisions as (

    select
        concern_id,
        {{ url_key('item_url') }} as url_key,
        action = 'confirm_concern' as is_confirmed,
        note,
        source_file_name as review_file,
        source_row as review_row,
        reviewer as reviewed_by,
        reviewed_on,
        loaded_at
    from {{ ref('stg_inbox__reviews') }}
    where
        action in ('confirm_concern', 'reject_concern')
        and concern_id is not null
        and item_url is not null

),

latest as (

    select *
    from decisions
    qualify row_number() over (
        partition by concern_id, url_key
        order by reviewed_on desc, loaded_at desc, review_file desc, review_row desc
    ) = 1

)

select
    latest.concern_id,
    items.item_id,
    latest.is_confirmed,
    latest.note,
    latest.review_file,
    latest.review_row,
    latest.reviewed_by,
    latest.reviewed_on
from latest
inner join items
    on latest.url_key = items.url_key
inner join {{ ref('int_concerns') }} as concerns
    on latest.concern_id = concerns.concern_id
