with

source as (

    select * from {{ source('inbox', 'indices') }}

),

renamed as (

    select
        upper(trim(index_code)) as index_code,
        year as index_year,
        trim(province) as province,
        coalesce(nullif(trim(component), ''), 'overall') as component,
        score,
        scale_max,
        rank as province_rank,
        nullif(trim(source), '') as source_name,
        nullif(trim(note), '') as note,
        coalesce(is_placeholder, false) as is_placeholder,
        {{ lineage_columns() }}

    from source
    where not coalesce(_is_duplicate, false)

)

select * from renamed
