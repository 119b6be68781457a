-- One row per distinct published item. Rows of the coverage lists that share an item_id (the
-- same url, or agency + title + date) are one item, even when they claim different contracts;
-- the claims themselves are kept in int_coverage__claims.

with

coverage as (

    select * from {{ ref('stg_inbox__coverage') }}

),

spellings as (

    select * from {{ ref('int_agencies__spellings') }}

),

agencies as (

    select * from {{ ref('int_agencies') }}

),

ordered as (

    select
        *,
        row_number() over (
            partition by item_id
            order by loaded_at, source_file, source_sheet, source_row_number
        ) as row_rank
    from coverage

),

-- Descriptive values come from the item's first row; measures take the largest value given.
first_rows as (

    select * exclude (row_rank)
    from ordered
    where row_rank = 1

),

per_item as (

    select
        item_id,
        count(distinct contract_id) as claim_count,
        string_agg(distinct contract_id, '; ' order by contract_id) as claimed_contract_ids,
        max(views) as views,
        max(duration_min) as duration_min,
        min(summary) as summary
    from coverage
    group by item_id

),

resolved as (

    select
        first_rows.item_id,
        agencies.agency_id,
        agencies.agency,
        first_rows.published_at,
        first_rows.published_date,
        year(first_rows.published_date) as published_year,
        month(first_rows.published_date) as published_month,
        first_rows.title,
        first_rows.url,
        coalesce(first_rows.summary, per_item.summary) as summary,
        first_rows.deliverable_type,
        first_rows.channel,
        per_item.claim_count,
        per_item.claimed_contract_ids,
        per_item.views,
        per_item.duration_min,
        agencies.reach_estimate,
        {{ fold_text('first_rows.title') }} as title_key,
        {{ fold_text('coalesce(first_rows.summary, per_item.summary)') }} as summary_key
    from first_rows
    inner join per_item
        on first_rows.item_id = per_item.item_id
    left join spellings
        on {{ fold_text('first_rows.agency_name') }} = spellings.spelling_key
    left join agencies
        on spellings.agency_id = agencies.agency_id

)

select
    * exclude (summary_key),
    concat_ws(' ', title_key, summary_key) as search_text
from resolved
