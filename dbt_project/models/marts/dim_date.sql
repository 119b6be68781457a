-- Every day of every year the data touches (coverage, contracts, payments, events, targets),
-- limited to 1990..2100 so one mistyped date cannot explode the calendar. It follows the data,
-- not the year a run reports on, so one build serves every plan year.

with

data_years as (

    select year(published_date) as data_year from {{ ref('int_coverage__items') }}
    union
    select year(start_date) as data_year from {{ ref('int_contract_lines') }}
    union
    select year(end_date) as data_year from {{ ref('int_contract_lines') }}
    union
    select year(paid_on) as data_year from {{ ref('stg_inbox__payments') }}
    union
    select year(start_date) as data_year from {{ ref('int_events') }}
    union
    select target_year as data_year from {{ ref('stg_inbox__targets') }}

),

bounds as (

    select
        make_date(cast(min(data_year) as integer), 1, 1) as first_day,
        make_date(cast(max(data_year) as integer), 12, 31) as last_day
    from data_years
    where data_year between 1990 and 2100

),

days as (

    select cast(unnest(generate_series(first_day, last_day, interval 1 day)) as date) as date_day
    from bounds

)

select
    cast(date_day as date) as date_day,
    cast(year(date_day) as integer) as year,
    cast(month(date_day) as integer) as month,
    cast(quarter(date_day) as integer) as quarter,
    cast(isodow(date_day) as integer) as day_of_week,
    cast(strftime(date_day, '%d/%m/%Y') as varchar) as date_label_vi,
    cast(
        case isodow(date_day)
            when 1 then 'Thứ Hai'
            when 2 then 'Thứ Ba'
            when 3 then 'Thứ Tư'
            when 4 then 'Thứ Năm'
            when 5 then 'Thứ Sáu'
            when 6 then 'Thứ Bảy'
            else 'Chủ Nhật'
        end as varchar
    ) as day_name_vi
from days
