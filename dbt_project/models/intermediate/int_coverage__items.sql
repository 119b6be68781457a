-- One row per distinct published item. Rows of the coverage lists that share an item_id (the
-- same url, or agency + title + date) are one item, even when they claim different contracts;
-- the claims themselves are kept in int_coverage__claims.
-- url_key is the item's URL folded once (macros/url_key.sql), the key every review decision
-- naming an item by its URL joins on.
-- Incremental: an item is rebuilt when its rows changed (source_fingerprint: the rows it is
-- made of, by file, row and load time) or the agencies list did; an item whose rows are gone
-- is deleted, and logged in int_coverage__items__removed for the per-item models after it
-- (macros/item_changes.sql). A daily file then costs its own items, not the year's. A table
-- built without one of these columns is rebuilt whole, once.

{{
    config(
        materialized='incremental',
        unique_key='item_id',
        incremental_strategy='delete+insert',
        on_schema_change='append_new_columns',
        post_hook="{{ remove_gone_items() }}"
    )
}}

{% set built = built_columns(this) if is_incremental() else [] %}
{%- set only_changed = 'source_fingerprint' in built and 'url_key' in built %}

with

-- Not materialized: the incremental filter reads only the lineage columns of every row, and
-- the rest of the columns only of the items it keeps; held as one CTE, every column of every
-- row would be computed and kept first.
all_coverage as not materialized (

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

{#- What an item is built from: its rows (by file, sheet, row and load time) and how agency
    names resolve. Computed over whole items, so the full build's aggregate and the incremental
    filter's give the same value. -#}
{%- set source_fingerprint -%}
    md5(
        concat_ws(
            '|',
            count(*),
            sum(hash(source_file, source_sheet, source_row_number, loaded_at)),
            (select agency_reference.fingerprint from agency_reference)
        )
    )
{%- endset %}

-- Read by the incremental filter only; the full build takes the fingerprint from per_item.
fingerprints as (  -- noqa: ST03

    select
        item_id,
        {{ source_fingerprint }} as source_fingerprint
    from all_coverage
    group by item_id

),

-- Read by the incremental build only: the items whose rows changed since the last build,
-- whether the last build had them, and when they were first built (null when built before
-- first_built_at was kept).
rebuilt as materialized (  -- noqa: ST03

    select
        fingerprints.item_id,
        previous.item_id is not null as was_built,
        {% if 'first_built_at' in built -%}
            previous.first_built_at
        {%- else -%}
            cast(null as timestamp)
        {%- endif %} as previous_first_built_at
    from fingerprints
    left join {{ this }} as previous
        on fingerprints.item_id = previous.item_id
    where previous.source_fingerprint is distinct from fingerprints.source_fingerprint

),

coverage as (

    select all_coverage.*
    from all_coverage
    {%- if only_changed %}
        -- only the items whose rows changed since the last build
        where all_coverage.item_id in (select rebuilt.item_id from rebuilt)
    {%- endif %}

),

-- One pass over the rows: descriptive values come from the item's first row (by load time,
-- file, sheet and row), measures take the largest value given.
per_item as (

    select
        item_id,
        arg_min(
            {
                'agency_name': agency_name,
                'published_at': published_at,
                'published_date': published_date,
                'title': title,
                'url': url,
                'summary': summary,
                'deliverable_type': deliverable_type,
                'channel': channel
            },
            (loaded_at, source_file, source_sheet, source_row_number)
        ) as first_row,
        count(distinct contract_id) as claim_count,
        string_agg(distinct contract_id, '; ' order by contract_id) as claimed_contract_ids,
        max(views) as views,
        max(duration_min) as duration_min,
        min(summary) as summary,
        {{ source_fingerprint }} as source_fingerprint
    from coverage
    group by item_id

),

-- An agency name is folded and resolved once, not once per item.
agency_names as (

    select
        names.agency_name,
        agencies.agency_id,
        agencies.agency,
        agencies.reach_estimate
    from (select distinct agency_name from coverage) as names
    left join spellings
        on {{ fold_text('names.agency_name') }} = spellings.spelling_key
    left join agencies
        on spellings.agency_id = agencies.agency_id

),

first_rows as (

    select
        per_item.item_id,
        per_item.first_row.agency_name,
        per_item.first_row.published_at,
        per_item.first_row.published_date,
        per_item.first_row.title,
        per_item.first_row.url,
        per_item.first_row.deliverable_type,
        per_item.first_row.channel,
        per_item.claim_count,
        per_item.claimed_contract_ids,
        per_item.views,
        per_item.duration_min,
        coalesce(per_item.first_row.summary, per_item.summary) as any_summary,
        per_item.source_fingerprint
    from per_item

),

resolved as (

    select
        first_rows.item_id,
        agency_names.agency_id,
        agency_names.agency,
        first_rows.published_at,
        first_rows.published_date,
        year(first_rows.published_date) as published_year,
        month(first_rows.published_date) as published_month,
        first_rows.title,
        first_rows.url,
        {{ url_key('first_rows.url') }} as url_key,
        first_rows.any_summary as summary,
        first_rows.deliverable_type,
        first_rows.channel,
        first_rows.claim_count,
        first_rows.claimed_contract_ids,
        first_rows.views,
        first_rows.duration_min,
        agency_names.reach_estimate,
        {{ fold_text('first_rows.title') }} as title_key,
        {{ fold_text('first_rows.any_summary') }} as summary_key,
        first_rows.source_fingerprint
    from first_rows
    left join agency_names
        on first_rows.agency_name = agency_names.agency_name

),

-- When the item first came into this table, kept while it stays (null when unknown): a
-- per-item model last built before then has no rows of it to delete.
first_built as (

    select
        resolved.*,
        {% if only_changed -%}
            case
                when rebuilt.was_built then rebuilt.previous_first_built_at
                else {{ change_stamp() }}
            end
        {%- else -%}
            {{ change_stamp() }}
        {%- endif %} as first_built_at
    from resolved
    {%- if only_changed %}
        left join rebuilt
            on resolved.item_id = rebuilt.item_id
    {%- endif %}

)

select
    * exclude (summary_key, first_built_at),
    concat_ws(' ', title_key, summary_key) as search_text,
    {{ change_stamp() }} as changed_at,
    first_built_at
from first_built
