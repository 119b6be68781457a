-- One row per press agency: the analysts' agency list, plus every agency named in contracts or
-- coverage but missing from that list. Tier, media type and potential reach (an estimate) come
-- from the list when given, else from the name and the agency_defaults seed.

with

listed_rows as (

    select
        *,
        {{ fold_text('agency_name') }} as agency_key,
        row_number() over (
            partition by {{ fold_text('agency_name') }}
            order by loaded_at desc, source_file desc, source_row_number desc
        ) as recency
    from {{ ref('stg_inbox__agencies') }}
    where {{ fold_text('agency_name') }} <> ''

),

listed as (

    select * exclude (recency)
    from listed_rows
    where recency = 1

),

spellings as (

    select agency_key as spelling_key from listed
    union
    select {{ fold_text('alias') }} as spelling_key
    from (
        select unnest(string_split(aliases, ';')) as alias
        from listed
    ) as listed_aliases

),

-- Distinct names first: coverage repeats a few dozen names over its rows.
named_elsewhere as (

    select distinct agency_name from {{ ref('stg_inbox__contracts') }}
    union
    select distinct agency_name from {{ ref('stg_inbox__coverage') }}

),

unlisted as (

    select
        {{ fold_text('agency_name') }} as agency_key,
        min(agency_name) as agency_name
    from named_elsewhere
    where
        {{ fold_text('agency_name') }} <> ''
        and {{ fold_text('agency_name') }} not in (select spellings.spelling_key from spellings)
    group by 1

),

agencies as (

    select
        agency_key,
        agency_name,
        aliases,
        tier,
        media_type,
        reach_estimate,
        reach_basis,
        feed_host,
        true as is_listed
    from listed
    union all
    select
        agency_key,
        agency_name,
        null as aliases,
        null as tier,
        null as media_type,
        null as reach_estimate,
        null as reach_basis,
        null as feed_host,
        false as is_listed
    from unlisted

),

classified as (

    select
        *,
        coalesce(
            tier,
            case
                when agency_key like '%' || {{ fold_text("'" ~ var('province') ~ "'") }} || '%'
                    then 'local'
                else 'central'
            end
        ) as resolved_tier,
        coalesce(
            media_type,
            case
                when agency_key like '%truyen hinh%' or agency_key like 'vtv%' then 'tv'
                when agency_key like '%phat thanh%' or agency_key like 'vov%' then 'radio'
                when agency_key like '%thong tan%' or agency_key like 'ttxvn%' then 'news_agency'
                when agency_key like 'tap chi%' then 'magazine'
                when
                    agency_key like '%dien tu%'
                    or agency_key like '% vn'
                    or agency_key like '% com'
                    or agency_key like '% net'
                    then 'online'
                when agency_key like 'bao %' then 'newspaper'
                else 'other'
            end
        ) as resolved_media_type
    from agencies

),

with_defaults as (

    select
        classified.*,
        coalesce(by_type.reach_estimate, by_tier.reach_estimate) as default_reach_estimate,
        coalesce(by_type.reach_basis, by_tier.reach_basis) as default_reach_basis
    from classified
    left join {{ ref('agency_defaults') }} as by_type
        on
            classified.resolved_tier = by_type.tier
            and classified.resolved_media_type = by_type.media_type
    left join {{ ref('agency_defaults') }} as by_tier
        on
            classified.resolved_tier = by_tier.tier
            and by_tier.media_type = 'other'

)

select
    replace(agency_key, ' ', '-') as agency_id,
    agency_key,
    agency_name as agency,
    aliases,
    resolved_tier as tier,
    resolved_media_type as media_type,
    coalesce(reach_estimate, default_reach_estimate) as reach_estimate,
    case
        when reach_estimate is not null
            then coalesce(reach_basis, 'Ước tính theo danh sách cơ quan báo chí')
        else default_reach_basis
    end as reach_basis,
    reach_estimate is null as is_reach_default,
    feed_host,
    is_listed
from with_defaults
