with

source as (

    select * from {{ source('inbox', 'targets') }}

),

renamed as (

    select
        year as target_year,
        theme_area,
        nullif(lower(trim(deliverable_type)), '') as deliverable_type,
        planned_items,
        planned_share,
        planned_budget_vnd,
        {{ lineage_columns() }}

    from source
    where not coalesce(_is_duplicate, false)

)

select * from renamed
