-- The analyst's theme, event and tone decisions (reviews/ inbox: confirm_theme / reject_theme
-- by item URL and area, confirm_event / reject_event by item URL and event, set_tone by item
-- URL and tone), resolved to items by their URL as int_coverage__claims resolves match
-- decisions. The latest decision per item and area, item and event, or item (tone) counts: a
-- later reject undoes an earlier confirm and the other way round, a later tone replaces an
-- earlier one. review_file / review_row / reviewed_by / reviewed_on name the decision.
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
        {{ url_key('item_url') }} as url_key,
        case
            when action in ('confirm_theme', 'reject_theme') then 'theme'
            when action = 'set_tone' then 'tone'
            else 'event'
        end as decision_on,
        case when action in ('confirm_theme', 'reject_theme') then theme_area end as theme_area,
        case when action in ('confirm_event', 'reject_event') then event_id end as event_id,
        case when action = 'set_tone' then tone end as tone,
        action in ('confirm_theme', 'confirm_event', 'set_tone') as is_confirmed,
        source_file_name as review_file,
        source_row as review_row,
        reviewer as reviewed_by,
        reviewed_on,
        loaded_at
    from {{ ref('stg_inbox__reviews') }}
    where
        item_url is not null
        and (
            (action in ('confirm_theme', 'reject_theme') and theme_area is not null)
            or (action in ('confirm_event', 'reject_event') and event_id is not null)
            or (action = 'set_tone' and tone is not null)
        )

),

latest as (

    select *
    from decisions
    qualify row_number() over (
        partition by url_key, decision_on, theme_area, event_id
        order by reviewed_on desc, loaded_at desc, review_file desc, review_row desc
    ) = 1

)

select
    items.item_id,
    latest.decision_on,
    latest.theme_area,
    latest.event_id,
    latest.tone,
    latest.is_confirmed,
    latest.review_file,
    latest.review_row,
    latest.reviewed_by,
    latest.reviewed_on
from latest
inner join items
    on latest.url_key = items.url_key
