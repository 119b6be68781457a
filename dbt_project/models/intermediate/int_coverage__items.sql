-- One row per distinct published item. Rows of the coverage lists that share an item_id (the
-- same url, or agency + title + date) are one item, even when they claim different contracts;
-- the claims themselves are kept in int_coverage__claims.
-- Incremental: an item is rebuilt when its rows changed (source_fingerprint: the rows it is
-- made of, by file, row and load time) or the agencies list did; an item whose rows are gone
-- is deleted. A daily file then costs its own items, not the year's.

{{
    config(
        materialized='incremental',
        unique_key='item_id',
        incremental_strategy='delete+insert',
        on_schema_change='append_new_columns',
        post_hook="delete from {{ this }} where item_id not in (select item_id from {{ ref('stg_inbox__coverage') }})"
    )
}}

with

all_coverage as (

    select * from {{ ref('stg_inbox__coverage') }}

),

spellings as (

    select * from {{ ref('int_agencies__spellings') }}

),

agencies as (

    select * from {{ ref('int_agencies') }}

),

-- What resolves an item's agency: a change here rebuilds every item.
agency_reference as (

    select
        md5(
            coalesce((
                select
                    string_agg(
                        concat_ws('=', spelling_key, agency_id), '|'
                        order by spelling_key, agency_id
                    )
                from spellings
            ), '')
            || '#'
            || coalesce((
                select
                    string_agg(
                        concat_ws('=', agency_id, agency, reach_estimate), '|'
                        order by agency_id
                    )
                from agencies
            ), '')
        ) as fingerprint

),

fingerprints as (

    select
        all_coverage.item_id,
        md5(
            concat_ws(
                '|',
                count(*),
                sum(
                    hash(
                        all_coverage.source_file,
                        all_coverage.source_sheet,
                        all_coverage.source_row_number,
                        all_coverage.loaded_at
                    )
                ),
                any_value(agency_reference.fingerprint)
            )
        ) as source_fingerprint
    from all_coverage
    cross join agency_reference
    group by all_coverage.item_id

),

coverage as (

    select all_coverage.*
    from all_coverage
    {% if is_incremental() -%}
        {%- if 'source_fingerprint' in built_columns(this) %}
            -- only the items whose rows changed since the last build
            inner join fingerprints
                on all_coverage.item_id = fingerprints.item_id
            left join {{ this }} as previous
                on fingerprints.item_id = previous.item_id
            where previous.source_fingerprint is distinct from fingerprints.source_fingerprint
        {%- endif %}
    {%- endif %}

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
        {{ fold_text('coalesce(first_rows.summary, per_item.summary)') }} as summary_key,
        fingerprints.source_fingerprint
    from first_rows
    inner join per_item
        on first_rows.item_id = per_item.item_id
    inner join fingerprints
        on first_rows.item_id = fingerprints.item_id
    left join spellings
        on {{ fold_text('first_rows.agency_name') }} = spellings.spelling_key
    left join agencies
        on spellings.agency_id = agencies.agency_id

)

select
    * exclude (summary_key),
    concat_ws(' ', title_key, summary_key) as search_text,
    {{ change_stamp() }} as changed_at
from resolved
