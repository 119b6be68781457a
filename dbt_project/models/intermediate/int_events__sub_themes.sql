-- The sub-themes each key event is about: those of the theme taxonomy whose keywords its name
-- carries ('Đại hội Thể dục thể thao thành phố lần thứ X' -> 3.05). Sub-themes of the event's
-- own content area come first: when its name names some, the others are left out (a
-- ground-breaking 'chào mừng 70 năm Ngày giải phóng' is about ground-breakings, area 2, not
-- the anniversary itself). A name that names none stands for every sub-theme of its area.
-- match_basis: name (found in the name) or area (the whole area).

with

events as (

    select
        event_id,
        theme_area,
        ' ' || {{ fold_text('event_name') }} || ' ' as folded_name
    from {{ ref('int_events') }}

),

theme_keywords as (

    {{ keywords_sql(ref('themes'), ['theme_area', 'sub_theme_id']) }}

),

named as (

    select distinct
        events.event_id,
        theme_keywords.sub_theme_id,
        coalesce(theme_keywords.theme_area = events.theme_area, false) as is_own_area
    from events
    inner join theme_keywords
        on contains(events.folded_name, ' ' || theme_keywords.keyword || ' ')

),

kept as (

    select
        event_id,
        sub_theme_id
    from named
    qualify is_own_area or not bool_or(is_own_area) over (partition by event_id)

),

whole_area as (

    select
        events.event_id,
        themes.sub_theme_id
    from events
    inner join {{ ref('themes') }} as themes
        on events.theme_area = themes.theme_area
    where events.event_id not in (select kept.event_id from kept)

)

select
    event_id,
    sub_theme_id,
    'name' as match_basis
from kept
union all
select
    event_id,
    sub_theme_id,
    'area' as match_basis
from whole_area
