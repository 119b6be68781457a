-- One row per item and contract it is claimed under (contract_id NULL: listed without a
-- contract number), with whether it was accepted under that claim and whether the claimed
-- contract exists in the contracts list.
-- The analyst's match decisions (reviews/, confirm_match / reject_match, by the item's URL and
-- the contract number; the latest decision on a pair wins) change the claims with lineage:
-- a confirmed match adds a claim (is_confirmed; not an acceptance), a rejected one is kept
-- with is_rejected and links nothing (a rejected candidate is kept the same way so it is not
-- proposed again). review_file / review_row / reviewed_by / reviewed_on name the decision.
-- Incremental per item (see macros/item_changes.sql): a change of the contracts list or of
-- the match decisions rebuilds every item.

{{
    config(
        materialized='incremental',
        incremental_strategy='append',
        on_schema_change='append_new_columns',
        meta={
            'item_inputs': ['int_coverage__items'],
            'reference_tables': ['stg_inbox__contracts', 'stg_inbox__reviews'],
        },
        pre_hook="{{ replace_changed_items() }}",
    )
}}

with

coverage as (

    select * from {{ ref('stg_inbox__coverage') }}
    {{- only_changed_items() }}

),

contracts as (

    select distinct contract_id from {{ ref('stg_inbox__contracts') }}

),

changed_items as (

    select * from {{ ref('int_coverage__items') }}
    {{- only_changed_items() }}

),

item_urls as (

    select
        item_id,
        url_key
    from changed_items
    where url_key is not null

),

decisions as (

    select
        {{ url_key('item_url') }} as url_key,
        contract_id,
        action,
        reviewer,
        reviewed_on,
        source_file_name,
        source_row
    from {{ ref('stg_inbox__reviews') }}
    where
        action in ('confirm_match', 'reject_match')
        and item_url is not null
        and contract_id is not null
    qualify row_number() over (
        partition by {{ url_key('item_url') }}, contract_id
        order by reviewed_on desc, loaded_at desc, source_file_name desc, source_row desc
    ) = 1

),

item_decisions as (

    select
        item_urls.item_id,
        decisions.*
    from item_urls
    inner join decisions
        on item_urls.url_key = decisions.url_key

),

listed as (

    select
        item_id,
        contract_id,
        bool_or(coalesce(is_accepted, false)) as is_accepted
    from coverage
    group by item_id, contract_id

),

claims as (

    select
        coalesce(listed.item_id, item_decisions.item_id) as item_id,
        coalesce(listed.contract_id, item_decisions.contract_id) as contract_id,
        coalesce(listed.is_accepted, false) as is_accepted,
        listed.item_id is null and item_decisions.action = 'confirm_match' as is_confirmed,
        coalesce(item_decisions.action = 'reject_match', false) as is_rejected,
        item_decisions.source_file_name as review_file,
        item_decisions.source_row as review_row,
        item_decisions.reviewer as reviewed_by,
        item_decisions.reviewed_on
    from listed
    full outer join item_decisions
        on
            listed.item_id = item_decisions.item_id
            and listed.contract_id = item_decisions.contract_id

)

select
    claims.item_id,
    claims.contract_id,
    claims.is_accepted,
    contracts.contract_id is not null as is_known_contract,
    claims.is_confirmed,
    claims.is_rejected,
    claims.review_file,
    claims.review_row,
    claims.reviewed_by,
    claims.reviewed_on,
    {{ change_stamp() }} as changed_at,
    {{ inputs_fingerprint() }} as inputs_fingerprint
from claims
left join contracts
    on claims.contract_id = contracts.contract_id
