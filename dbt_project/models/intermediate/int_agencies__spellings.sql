-- Every accent-folded spelling of an agency name (its name and its aliases) and the agency it
-- stands for. A spelling shared by two agencies goes to the one whose own name it is, else to
-- the first agency in name order.

with

agencies as (

    select * from {{ ref('int_agencies') }}

),

spellings as (

    select
        agency_key as spelling_key,
        agency_id,
        0 as priority
    from agencies
    union all
    select
        {{ fold_text('alias') }} as spelling_key,
        agency_id,
        1 as priority
    from (
        select
            agency_id,
            unnest(string_split(aliases, ';')) as alias
        from agencies
    ) as aliases

),

ranked as (

    select
        spelling_key,
        agency_id,
        row_number() over (
            partition by spelling_key order by priority, agency_id
        ) as spelling_rank
    from spellings
    where spelling_key <> ''

)

select
    spelling_key,
    agency_id
from ranked
where spelling_rank = 1
