-- One row per item and contract it is claimed under (contract_id NULL: listed without a
-- contract number), with whether it was accepted under that claim and whether the claimed
-- contract exists in the contracts list.
-- Incremental per item (see macros/item_changes.sql): a change of the contracts list rebuilds
-- every item.
-- depends_on: {{ ref('int_coverage__items') }}

{{
    config(
        materialized='incremental',
        incremental_strategy='append',
        on_schema_change='append_new_columns',
        meta={
            'item_inputs': ['int_coverage__items'],
            'reference_tables': ['stg_inbox__contracts'],
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

claims as (

    select
        item_id,
        contract_id,
        bool_or(coalesce(is_accepted, false)) as is_accepted
    from coverage
    group by item_id, contract_id

)

select
    claims.item_id,
    claims.contract_id,
    claims.is_accepted,
    contracts.contract_id is not null as is_known_contract,
    {{ change_stamp() }} as changed_at,
    {{ inputs_fingerprint() }} as inputs_fingerprint
from claims
left join contracts
    on claims.contract_id = contracts.contract_id
