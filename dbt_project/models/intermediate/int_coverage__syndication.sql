-- Stories: copies of the same story across outlets. An item copies an earlier item of another
-- agency, published at most var('syndication_window_days') days before it, when their
-- accent-folded titles are
--   * equal, or
--   * one inside the other (a lead-in such as 'Hải Phòng:' or a tail such as '(ảnh)' added or
--     dropped), the shorter being at least var('syndication_min_containment') of the longer, or
--   * near-same: carrying the same numbers and at least var('syndication_min_similarity')
--     alike (1 - Levenshtein distance / longer length). Requiring the same numbers keeps
--     '... cho 120 đảng viên' and '... cho 135 đảng viên' apart.
-- Comparing every pair would be quadratic, so pairs are only formed inside blocks: titles that
-- share a blocking key and were published in the same or the next time bucket (buckets as
-- long as the window). The keys follow how copies differ from their original: in the middle
-- (same first 24 and last 8 folded characters; equal titles too), at the start (same last
-- 24) or at the end (same first 40). The buckets keep a block to a few days of news.
-- Each copy points to the earliest item it matches; following those pointers back to an item
-- that matches nothing earlier gives the story's original, whose item_id is the story_id.

-- Incremental: items keep their parent unless their time bucket, or the one before it, holds
-- an item that was added, removed or changed (agency, time or folded title); a new day's file
-- then pairs the last buckets again. Only the stories those items were or now are part of are
-- walked again, and only rows that changed are written. Each row keeps the inputs it was
-- computed from, for the next build to compare.

{%- set window_days = var('syndication_window_days') %}
{#- The settings the pairing follows: a change re-pairs every bucket. -#}
{%- set settings = [
    window_days,
    var('syndication_min_title_length'),
    var('syndication_min_containment'),
    var('syndication_min_similarity'),
] | join('|') %}
{%- set incremental_build = false %}
{%- if is_incremental() %}
    {%- set incremental_build = 'pairing_settings' in built_columns(this) %}
{%- endif %}

{{
    config(
        materialized='incremental',
        unique_key='item_id',
        incremental_strategy='delete+insert',
        on_schema_change='append_new_columns',
        post_hook="delete from {{ this }} where item_id not in (select item_id from {{ ref('int_coverage__items') }})"
    )
}}

with recursive

items as (

    select
        item_id,
        agency_id,
        published_at,
        title_key,
        length(title_key) as title_length,
        floor(epoch(published_at) / (86400 * {{ window_days }})) as time_bucket
    from {{ ref('int_coverage__items') }}

),

{% if incremental_build -%}
    previous as (

        select
            *,
            floor(epoch(published_at) / (86400 * {{ window_days }})) as time_bucket
        from {{ this }}

    ),

    -- Items added, or whose agency, time or folded title changed, since the last build (every
    -- item when the settings changed).
    changed_items as (

        select items.item_id
        from items
        left join previous
            on items.item_id = previous.item_id
        where
            previous.item_id is null
            or items.agency_id is distinct from previous.agency_id
            or items.published_at is distinct from previous.published_at
            or items.title_key is distinct from previous.title_key
            or previous.pairing_settings is distinct from '{{ settings }}'

    ),

    -- Their buckets, before and after, and those of removed items.
    changed_buckets as (

        select items.time_bucket
        from items
        inner join changed_items
            on items.item_id = changed_items.item_id
        union
        select previous.time_bucket
        from previous
        left join items
            on previous.item_id = items.item_id
        where
            items.item_id is null
            or previous.item_id in (select changed.item_id from changed_items as changed)

    ),

    -- A copy is at most one bucket later than its original: later items to pair again.
    paired_buckets as (

        select time_bucket from changed_buckets
        union
        select time_bucket + 1 from changed_buckets

    ),
{%- else -%}
    paired_buckets as (

        select distinct time_bucket from items

    ),
{%- endif %}

clusterable as (

    select
        *,
        regexp_extract_all(title_key, '[0-9]+') as title_numbers
    from items
    where
        title_length >= {{ var('syndication_min_title_length') }}
        and published_at is not null
        -- later items in the buckets paired again, and their candidates a bucket before
        and (
            time_bucket in (select paired.time_bucket from paired_buckets as paired)
            or time_bucket + 1 in (select paired.time_bucket from paired_buckets as paired)
        )

),

block_keys as (

    select
        item_id,
        agency_id,
        published_at,
        time_bucket,
        unnest([
            'ends:' || left(title_key, 24) || '|' || right(title_key, 8),
            'tail:' || right(title_key, 24),
            'head:' || left(title_key, 40)
        ]) as block_key
    from clusterable

),

-- The earlier item of a pair may sit in the bucket before the later item's.
earlier_blocks as (

    select
        *,
        time_bucket as join_bucket
    from block_keys
    union all
    select
        *,
        time_bucket + 1 as join_bucket
    from block_keys

),

candidate_pairs as (

    select distinct
        later.item_id,
        earlier.item_id as earlier_item_id
    from block_keys as later
    inner join earlier_blocks as earlier
        on
            later.block_key = earlier.block_key
            and later.time_bucket = earlier.join_bucket
            and later.agency_id <> earlier.agency_id
            and later.published_at >= earlier.published_at
            and later.published_at
            <= earlier.published_at + to_days({{ var('syndication_window_days') }})
    where
        (
            later.published_at > earlier.published_at
            or later.item_id > earlier.item_id
        )
        and later.time_bucket in (select paired_buckets.time_bucket from paired_buckets)

),

compared as (

    select
        candidate_pairs.item_id,
        candidate_pairs.earlier_item_id,
        earlier.published_at as earlier_published_at,
        later.title_key,
        earlier.title_key as earlier_title_key,
        later.title_numbers = earlier.title_numbers as same_numbers,
        least(later.title_length, earlier.title_length) as shorter_length,
        greatest(later.title_length, earlier.title_length) as longer_length
    from candidate_pairs
    inner join clusterable as later
        on candidate_pairs.item_id = later.item_id
    inner join clusterable as earlier
        on candidate_pairs.earlier_item_id = earlier.item_id

),

matches as (

    select
        item_id,
        earlier_item_id,
        earlier_published_at,
        case
            when title_key = earlier_title_key then 1.0
            else 1.0 - levenshtein(title_key, earlier_title_key) / longer_length
        end as similarity
    from compared
    where
        title_key = earlier_title_key
        or (
            shorter_length >= {{ var('syndication_min_containment') }} * longer_length
            and (contains(title_key, earlier_title_key) or contains(earlier_title_key, title_key))
        )
        or (
            same_numbers
            -- the distance is at least the length difference: a cheap filter first
            and shorter_length >= {{ var('syndication_min_similarity') }} * longer_length
            and 1.0 - levenshtein(title_key, earlier_title_key) / longer_length
            >= {{ var('syndication_min_similarity') }}
        )

),

paired_parents as (

    select
        item_id,
        arg_min(earlier_item_id, (earlier_published_at, earlier_item_id)) as parent_item_id,
        arg_min(similarity, (earlier_published_at, earlier_item_id)) as parent_similarity
    from matches
    group by item_id

),

parents as (

    select * from paired_parents
    {%- if incremental_build %}
        union all
        -- items outside the buckets paired again: same inputs, same candidates, same parent
        select
            item_id,
            parent_item_id,
            parent_similarity
        from previous
        where
            parent_item_id is not null
            and previous.time_bucket not in (select paired_buckets.time_bucket from paired_buckets)
    {%- endif %}

),

{% if incremental_build -%}
-- Stories touched: the earlier stories of items paired again (removed and changed items
-- among them), and those of their new parents.
    touched_stories as (

        select previous.story_id
        from previous
        where previous.time_bucket in (select paired.time_bucket from paired_buckets as paired)
        union
        select previous.story_id
        from paired_parents
        inner join previous
            on paired_parents.parent_item_id = previous.item_id

    ),

    -- Walked again: every member of a touched story, every item paired again, new and changed
    -- items. Any other item keeps its story, and its row.
    walked_items as (

        select *
        from items
        where
            item_id in (
                select previous.item_id
                from previous
                inner join touched_stories
                    on previous.story_id = touched_stories.story_id
            )
            or time_bucket in (select paired.time_bucket from paired_buckets as paired)
            or item_id in (select changed.item_id from changed_items as changed)

    ),
{%- else -%}
    walked_items as (

        select * from items

    ),
{%- endif %}

walked_parents as (

    select *
    from parents
    where item_id in (select walked.item_id from walked_items as walked)

),

story_walk (item_id, story_id, hops) as (

    select
        walked_items.item_id,
        walked_items.item_id as story_id,
        0 as hops
    from walked_items
    left join walked_parents
        on walked_items.item_id = walked_parents.item_id
    where walked_parents.item_id is null
    union all
    select
        walked_parents.item_id,
        story_walk.story_id,
        story_walk.hops + 1 as hops
    from walked_parents
    inner join story_walk
        on walked_parents.parent_item_id = story_walk.item_id

),

stories as (

    select
        story_walk.item_id,
        story_walk.story_id,
        walked_parents.parent_item_id,
        walked_parents.parent_similarity,
        story_walk.hops as hops_from_original,
        story_walk.item_id = story_walk.story_id as is_original,
        story_walk.item_id <> story_walk.story_id as is_syndicated_copy,
        count(*) over (partition by story_walk.story_id) as story_size,
        -- the inputs the row was computed from, compared at the next build
        walked_items.agency_id,
        walked_items.published_at,
        walked_items.title_key,
        '{{ settings }}' as pairing_settings,
        {{ change_stamp() }} as changed_at
    from story_walk
    inner join walked_items
        on story_walk.item_id = walked_items.item_id
    left join walked_parents
        on story_walk.item_id = walked_parents.item_id

)

select stories.*
from stories
{%- if incremental_build %}
    left join previous
        on stories.item_id = previous.item_id
    where
        previous.item_id is null
        or stories.story_id is distinct from previous.story_id
        or stories.parent_item_id is distinct from previous.parent_item_id
        or stories.parent_similarity is distinct from previous.parent_similarity
        or stories.hops_from_original is distinct from previous.hops_from_original
        or stories.story_size is distinct from previous.story_size
        or stories.agency_id is distinct from previous.agency_id
        or stories.published_at is distinct from previous.published_at
        or stories.title_key is distinct from previous.title_key
        or stories.pairing_settings is distinct from previous.pairing_settings
{%- endif %}
