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

with recursive

items as (

    select
        item_id,
        agency_id,
        published_at,
        title_key,
        length(title_key) as title_length
    from {{ ref('int_coverage__items') }}

),

clusterable as (

    select
        *,
        regexp_extract_all(title_key, '[0-9]+') as title_numbers
    from items
    where
        title_length >= {{ var('syndication_min_title_length') }}
        and published_at is not null

),

block_keys as (

    select
        item_id,
        agency_id,
        published_at,
        floor(
            epoch(published_at) / (86400 * {{ var('syndication_window_days') }})
        ) as time_bucket,
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
        later.published_at > earlier.published_at
        or later.item_id > earlier.item_id

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

parents as (

    select
        item_id,
        arg_min(earlier_item_id, (earlier_published_at, earlier_item_id)) as parent_item_id,
        arg_min(similarity, (earlier_published_at, earlier_item_id)) as parent_similarity
    from matches
    group by item_id

),

story_walk (item_id, story_id, hops) as (

    select
        items.item_id,
        items.item_id as story_id,
        0 as hops
    from items
    left join parents
        on items.item_id = parents.item_id
    where parents.item_id is null
    union all
    select
        parents.item_id,
        story_walk.story_id,
        story_walk.hops + 1 as hops
    from parents
    inner join story_walk
        on parents.parent_item_id = story_walk.item_id

)

select
    story_walk.item_id,
    story_walk.story_id,
    parents.parent_item_id,
    parents.parent_similarity,
    story_walk.hops as hops_from_original,
    story_walk.item_id = story_walk.story_id as is_original,
    story_walk.item_id <> story_walk.story_id as is_syndicated_copy,
    count(*) over (partition by story_walk.story_id) as story_size
from story_walk
left join parents
    on story_walk.item_id = parents.item_id
