-- The contract line each item counts against. Only what the inbox links counts: an item
-- claimed under a contract that exists (its contract number, or an acceptance record under it)
-- counts against that contract: its line of the same deliverable type, preferring the same
-- channel, then a content area the item carries, then the lowest line number. Claimed by
-- several contracts, the accepted claim wins, then the lowest contract number; claim_count
-- keeps the number of contracts that claim it.
-- An item without a known contract number is never counted, however well it fits a line of its
-- agency: such items are review candidates (int_coverage__match_candidates). The analyst's
-- decisions (int_coverage__claims) count a confirmed candidate (match_method
-- 'confirmed_review') and drop a rejected claim, with the decision's file, row, reviewer and
-- date as lineage (match_review_*).
-- is_on_time: published inside the matched contract's period (NULL when uncontracted).
-- Incremental per item (see macros/item_changes.sql): a change of the contract lines rebuilds
-- every item.

{{
    config(
        materialized='incremental',
        incremental_strategy='append',
        on_schema_change='append_new_columns',
        meta={
            'item_inputs': [
                'int_coverage__items', 'int_coverage__claims', 'int_coverage__item_areas'
            ],
            'reference_tables': ['int_contract_lines'],
        },
        pre_hook="{{ replace_changed_items() }}",
    )
}}

with

items as (

    select * from {{ ref('int_coverage__items') }}
    {{- only_changed_items() }}

),

-- A claim the analyst rejected links nothing; a match the analyst confirmed links like a claim.
claims as (

    select
        * exclude (is_known_contract, is_accepted),
        is_known_contract and not is_rejected as is_known_contract,
        is_accepted and not is_rejected as is_accepted
    from {{ ref('int_coverage__claims') }}
    {{- only_changed_items() }}

),

lines as (

    select * from {{ ref('int_contract_lines') }}

),

-- The areas an item carries: its tags and the areas the analyst confirmed for it.
item_areas as (

    select
        item_id,
        theme_area
    from {{ ref('int_coverage__item_areas') }}
    {{- only_changed_items() }}

),

ranked_claims as (

    select
        *,
        row_number() over (
            partition by item_id
            order by is_known_contract desc, is_accepted desc, contract_id asc nulls last
        ) as claim_rank
    from claims

),

claim_summary as (

    select
        item_id,
        count(distinct contract_id) filter (where is_accepted) as accepted_claim_count
    from claims
    group by item_id

),

primary_claims as (

    select * exclude (claim_rank)
    from ranked_claims
    where claim_rank = 1

),

claimed_candidates as (

    select
        items.item_id,
        lines.contract_line_id,
        lines.contract_id,
        row_number() over (
            partition by items.item_id
            order by
                coalesce(lines.channel = items.channel, false) desc,
                item_areas.theme_area is not null desc,
                lines.line_no asc
        ) as candidate_rank
    from items
    inner join primary_claims
        on items.item_id = primary_claims.item_id
    inner join lines
        on
            primary_claims.contract_id = lines.contract_id
            and (items.deliverable_type is null or items.deliverable_type = lines.deliverable_type)
    left join item_areas
        on
            items.item_id = item_areas.item_id
            and lines.theme_area = item_areas.theme_area
    where primary_claims.is_known_contract

),

matched_lines as (

    select
        item_id,
        contract_line_id,
        contract_id
    from claimed_candidates
    where candidate_rank = 1

),

contracts as (

    select distinct
        contract_id,
        contract_start_date,
        contract_end_date
    from lines

),

matched as (

    select
        items.item_id,
        items.published_date,
        items.claim_count,
        items.claimed_contract_ids,
        primary_claims.contract_id as claimed_contract_id,
        primary_claims.is_accepted,
        claim_summary.accepted_claim_count,
        matched_lines.contract_line_id as matched_contract_line_id,
        case
            when not primary_claims.is_known_contract then null
            when matched_lines.item_id is null then 'claimed_no_line'
            when primary_claims.is_confirmed then 'confirmed_review'
            else 'claimed'
        end as match_method,
        case when primary_claims.is_known_contract then primary_claims.review_file end
            as match_review_file,
        case when primary_claims.is_known_contract then primary_claims.review_row end
            as match_review_row,
        case when primary_claims.is_known_contract then primary_claims.reviewed_by end
            as match_reviewed_by,
        case when primary_claims.is_known_contract then primary_claims.reviewed_on end
            as match_reviewed_on,
        case
            when primary_claims.is_known_contract then primary_claims.contract_id
        end as matched_contract_id
    from items
    inner join primary_claims
        on items.item_id = primary_claims.item_id
    inner join claim_summary
        on items.item_id = claim_summary.item_id
    left join matched_lines
        on items.item_id = matched_lines.item_id

)

select
    matched.item_id,
    matched.claimed_contract_id,
    matched.claimed_contract_ids,
    matched.claim_count,
    matched.accepted_claim_count,
    matched.matched_contract_line_id,
    matched.matched_contract_id,
    matched.match_method,
    matched.match_review_file,
    matched.match_review_row,
    matched.match_reviewed_by,
    matched.match_reviewed_on,
    matched.matched_contract_id is not null as is_contracted,
    matched.is_accepted,
    case
        when matched.matched_contract_id is not null
            then
                matched.published_date
                between contracts.contract_start_date and contracts.contract_end_date
    end as is_on_time,
    {{ change_stamp() }} as changed_at,
    {{ inputs_fingerprint() }} as inputs_fingerprint
from matched
left join contracts
    on matched.matched_contract_id = contracts.contract_id
