-- The payments ledger per contract: advances (tạm ứng), payments (thanh toán) and settlements
-- (quyết toán) disbursed under it.

with

payments as (

    select * from {{ ref('stg_inbox__payments') }}

)

select
    contract_id,
    count(*) as payment_count,
    coalesce(sum(amount_vnd) filter (where payment_kind = 'advance'), 0) as advanced_vnd,
    coalesce(sum(amount_vnd) filter (where payment_kind = 'payment'), 0) as payment_vnd,
    coalesce(sum(amount_vnd) filter (where payment_kind = 'settlement'), 0) as settlement_vnd,
    coalesce(
        sum(amount_vnd) filter (where payment_kind in ('payment', 'settlement')), 0
    ) as paid_vnd,
    coalesce(
        sum(amount_vnd) filter (where payment_kind in ('advance', 'payment', 'settlement')), 0
    ) as total_disbursed_vnd,
    min(paid_on) as first_paid_on,
    max(paid_on) as last_paid_on
from payments
where contract_id is not null
group by contract_id
