-- Review list of candidate contract matches: items the inbox links to no known contract that
-- fit a line of their agency (period, deliverable type, content area). Never counted as
-- delivery; an analyst confirms or rejects each. item_value_vnd is what the item would be worth
-- at the line's unit price (per minute for programmes), to show what a confirmation would move.

with

candidates as (

    select * from {{ ref('int_coverage__match_candidates') }}

),

coverage as (

    select * from {{ ref('fct_coverage') }}

),

lines as (

    select * from {{ ref('int_contract_lines') }}

)

select
    cast(coverage.year as integer) as year,
    cast(candidates.item_id as varchar) as item_id,
    cast(coverage.agency_id as varchar) as agency_id,
    cast(coverage.agency as varchar) as agency,
    cast(coverage.published_date as date) as published_date,
    cast(coverage.title as varchar) as title,
    cast(coverage.url as varchar) as url,
    cast(coverage.deliverable_type as varchar) as deliverable_type,
    cast(coverage.channel as varchar) as channel,
    cast(coverage.theme_areas as varchar) as theme_areas,
    cast(coverage.is_syndicated_copy as boolean) as is_syndicated_copy,
    cast(candidates.reason as varchar) as reason,
    cast(candidates.claimed_contract_id as varchar) as claimed_contract_id,
    cast(candidates.candidate_contract_id as varchar) as candidate_contract_id,
    cast(candidates.candidate_contract_line_id as varchar) as candidate_contract_line_id,
    cast(candidates.candidate_lines as integer) as candidate_lines,
    cast(lines.theme_area as integer) as line_theme_area,
    cast(lines.unit_price_vnd as bigint) as unit_price_vnd,
    cast(
        round(
            lines.unit_price_vnd
            * case when lines.unit = 'minute' then coalesce(coverage.duration_min, 0) else 1 end
        ) as bigint
    ) as item_value_vnd
from candidates
inner join coverage
    on candidates.item_id = coverage.item_id
inner join lines
    on candidates.candidate_contract_line_id = lines.contract_line_id
