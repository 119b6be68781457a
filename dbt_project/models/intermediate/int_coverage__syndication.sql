-- Stories: copies of the same story across outlets, found by their text. An item copies an
-- item of another agency published at most var('syndication_window_days') days before it when
--   * their leads (summaries) are near-identical: word 3-shingle Jaccard of the lead bodies
--     at least var('syndication_min_lead_jaccard'), with the same numbers in the same order
--     (a re-run copies its figures; one template filled in for another place, number or date
--     is another story), or
--   * their titles are equal once attribution and format markers are removed ('Hải Phòng: ',
--     'Video: ', '(ảnh)', '| Theo TTXVN', ...; series marks such as 'Bài 2' are kept, so a
--     series' parts stay apart), and their leads, when both have one, do not tell another
--     story (Jaccard at least var('syndication_min_title_lead_jaccard')).
-- Comparing every pair would be quadratic, so leads are only compared when they share a
-- sentence (after the credit line, e.g. '(TTXVN) - ', is removed) of at least
-- var('syndication_anchor_min_words') words that no more than var('syndication_max_anchor_items')
-- items of the time bucket carry (boilerplate is no evidence), and titles only when their
-- marker-free keys are equal; pairs are formed within a time bucket and the next (buckets as
-- long as the window).
-- Direction comes from time: days, and times of day when both items give one (a file that
-- gives only a date says nothing about the hour). On the same day the copy is the item that
-- credits a source (a 'Theo ...' mark on its title, a credit line opening its lead) when the
-- other does not, else the one whose lead or title contains the other's and is longer (a copy
-- adds to what it takes). A same-day pair with no such evidence is left unpaired, never
-- ordered arbitrarily. Each copy points to the earliest item it copies; following those
-- pointers back to an item that copies nothing gives the story's original, whose item_id is
-- the story_id.

-- Incremental: items keep their parent unless their time bucket, or the one before it, holds
-- an item that was added, removed or changed (agency, time, title or lead); a new day's file
-- then pairs the last buckets again; a change of the settings or of this SQL pairs every
-- bucket again. Only the stories those items were or now are part of are
-- walked again, and only rows that changed are written. Each row keeps the inputs it was
-- computed from, for the next build to compare.

{%- set window_days = var('syndication_window_days') %}
{#- The province as an accent-free dateline ('hai phong'), folded by DuckDB at compile time. -#}
{%- set province_key = 'province' %}
{%- if execute %}
    {%- set folded = run_query(
        "select strip_accents(replace(lower('" ~ var('province') ~ "'), 'đ', 'd'))"
    ) %}
    {%- set province_key = folded.columns[0].values()[0] %}
{%- endif %}
{#- The settings the pairing follows, and the model's own SQL: a change re-pairs every bucket. -#}
{%- set settings = [
    model.checksum.checksum if model.checksum is defined else model.name,
    window_days,
    var('syndication_min_title_length'),
    var('syndication_min_lead_jaccard'),
    var('syndication_min_title_lead_jaccard'),
    var('syndication_anchor_min_words'),
    var('syndication_max_anchor_items'),
] | join('|') %}
{#- Marks outlets put before or after a headline they run, on the accent-free lower-case
    title: format marks, the province as a dateline, and credits ('| Theo TTXVN'). -#}
{%- set title_prefix_marks = "^\\s*(\\[(anh|video|clip|phong su|infographic|emagazine)\\]"
    ~ "|(video|clip|anh|infographic|emagazine|e-magazine|podcast|longform|megastory"
    ~ "|truc tiep|toan canh|can canh|hinh anh|goc nhin|phong su anh|phong su|tp\\.? "
    ~ province_key ~ "|thanh pho " ~ province_key ~ "|" ~ province_key ~ ")\\s*[:|])\\s*" %}
{%- set title_suffix_marks = "\\s*(\\((anh|video|clip|infographic|audio|podcast)\\)"
    ~ "|[|]\\s*(theo|nguon)\\s+[^|]*|\\s[-–]\\s*(theo|nguon)\\s+[^-–]*"
    ~ "|\\((theo|nguon)\\s+[^)]*\\))\\s*$" %}
{%- set title_credit = "([|(]\\s*(theo|nguon)\\s)|(\\s[-–]\\s*(theo|nguon)\\s+[^-–]*$)" %}
{#- A credit line opening a lead: '(TTXVN) - ', 'HẢI PHÒNG (VNA) - ', 'Theo TTXVN, '. -#}
{%- set lead_credit = "^\\s*(([^\\s(]+\\s+){0,3}\\([^)]{2,40}\\)\\s*[-–]\\s*|theo\\s+[^,]{2,40},\\s*)" %}
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
        title,
        title_key,
        summary,
        md5(coalesce(summary, '')) as lead_fingerprint,
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

    -- Items added, or whose agency, time, title or lead changed, since the last build (every
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
            or items.lead_fingerprint is distinct from previous.lead_fingerprint
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
        item_id,
        agency_id,
        published_at,
        time_bucket,
        title_key,
        cast(published_at as date) as published_day,
        -- a file that gives only a date loads as midnight: no time of day to compare
        published_at <> date_trunc('day', published_at) as has_time,
        strip_accents(replace(lower(title), 'đ', 'd')) as plain_title,
        -- the lead without the credit line a re-run may open it with
        nullif(trim(regexp_replace(summary, '{{ lead_credit }}', '', 'i')), '') as lead_body,
        regexp_matches(summary, '{{ lead_credit }}', 'i') as lead_has_credit
    from items
    where
        published_at is not null
        -- later items in the buckets paired again, and their candidates a bucket before
        and (
            time_bucket in (select paired.time_bucket from paired_buckets as paired)
            or time_bucket + 1 in (select paired.time_bucket from paired_buckets as paired)
        )

),

marked as (

    select
        * exclude (plain_title),
        trim(regexp_replace(
            regexp_replace(
                regexp_replace(
                    regexp_replace(plain_title, '{{ title_suffix_marks }}', ''),
                    '{{ title_prefix_marks }}', ''
                ),
                '{{ title_prefix_marks }}', ''
            ),
            '[^a-z0-9]+', ' ', 'g'
        )) as core_title,
        regexp_matches(plain_title, '{{ title_credit }}') or coalesce(lead_has_credit, false)
            as has_credit
    from clusterable

),

-- Sentences of the leads long enough to be evidence, as anchors for comparing leads.
sentences as (

    select
        item_id,
        time_bucket,
        hash(lower(trim(sentence))) as anchor
    from (
        select
            item_id,
            time_bucket,
            unnest(string_split_regex(lead_body, '[.!?;]+(\s+|$)')) as sentence
        from marked
        where lead_body is not null
    )
    where
        length(sentence) - length(replace(sentence, ' ', ''))
        >= {{ var('syndication_anchor_min_words') }} - 1

),

anchors as (

    select distinct
        item_id,
        time_bucket,
        anchor
    from sentences
    -- a sentence many items of the bucket carry is boilerplate, not a sign of copying
    qualify
        count(distinct item_id) over (partition by time_bucket, anchor)
        <= {{ var('syndication_max_anchor_items') }}

),

-- The earlier item of a pair may sit in the bucket before the later item's.
anchor_pairs as (

    select distinct
        later.item_id,
        earlier.item_id as other_item_id
    from anchors as later
    inner join anchors as earlier
        on
            later.anchor = earlier.anchor
            and later.time_bucket in (earlier.time_bucket, earlier.time_bucket + 1)
            and later.item_id <> earlier.item_id
    where later.time_bucket in (select paired.time_bucket from paired_buckets as paired)

),

title_pairs as (

    select
        later.item_id,
        earlier.item_id as other_item_id
    from marked as later
    inner join marked as earlier
        on
            later.core_title = earlier.core_title
            and later.time_bucket in (earlier.time_bucket, earlier.time_bucket + 1)
            and later.item_id <> earlier.item_id
    where
        length(later.core_title) >= {{ var('syndication_min_title_length') }}
        and later.time_bucket in (select paired.time_bucket from paired_buckets as paired)

),

-- Both orders of every candidate pair of two agencies within the window: which one is the
-- copy is decided below.
candidates as (

    select
        pairs.item_id,
        pairs.other_item_id,
        bool_or(pairs.by_title) as same_title
    from (
        select
            *,
            false as by_title
        from anchor_pairs
        union all
        select
            *,
            true as by_title
        from title_pairs
    ) as pairs
    inner join marked as item
        on pairs.item_id = item.item_id
    inner join marked as other
        on pairs.other_item_id = other.item_id
    where
        item.agency_id <> other.agency_id
        and abs(item.published_day - other.published_day) <= {{ window_days }}
    group by pairs.item_id, pairs.other_item_id

),

-- Word 3-shingles of the leads of the items in a candidate pair (only those).
shingled as (

    select
        marked.item_id,
        list_sort(regexp_extract_all(marked.lead_body, '[0-9]+')) as lead_numbers,
        list_distinct(list_transform(
            range(1, len(words) - 1),
            lambda i: hash(words[i], words[i + 1], words[i + 2])
        )) as shingles
    from (
        select
            item_id,
            string_split({{ fold_text('lead_body') }}, ' ') as words
        from marked
        where
            lead_body is not null
            and (
                item_id in (select candidates.item_id from candidates)
                or item_id in (select candidates.other_item_id from candidates)
            )
    ) as folded
    inner join marked
        on folded.item_id = marked.item_id
    where len(folded.words) >= {{ var('syndication_anchor_min_words') }}

),

compared as (

    select
        candidates.item_id,
        candidates.other_item_id,
        candidates.same_title,
        item.published_day,
        item.published_at,
        item.has_time,
        item.has_credit,
        item.title_key,
        item.lead_body,
        other.published_day as other_published_day,
        other.published_at as other_published_at,
        other.has_time as other_has_time,
        other.has_credit as other_has_credit,
        other.title_key as other_title_key,
        other.lead_body as other_lead_body,
        item_lead.lead_numbers = other_lead.lead_numbers as same_numbers,
        len(list_intersect(item_lead.shingles, other_lead.shingles))
        / len(list_distinct(list_concat(item_lead.shingles, other_lead.shingles)))
            as lead_jaccard
    from candidates
    inner join marked as item
        on candidates.item_id = item.item_id
    inner join marked as other
        on candidates.other_item_id = other.item_id
    left join shingled as item_lead
        on candidates.item_id = item_lead.item_id
    left join shingled as other_lead
        on candidates.other_item_id = other_lead.item_id

),

-- Pairs whose text says they are one story, with the evidence of which came first: the
-- item is the copy when `direction` is set.
matched as (

    select
        *,
        case
            when lead_jaccard >= {{ var('syndication_min_lead_jaccard') }} and same_numbers
                then 'lead'
            when
                same_title
                and (
                    lead_jaccard is null
                    or lead_jaccard >= {{ var('syndication_min_title_lead_jaccard') }}
                )
                then 'title'
        end as match_method,
        case
            when other_published_day < published_day then 'time'
            when other_published_day > published_day then null
            when has_time and other_has_time and other_published_at < published_at then 'time'
            when has_time and other_has_time and other_published_at > published_at then null
            when has_credit and not other_has_credit then 'credit'
            when other_has_credit and not has_credit then null
            when
                length(lead_body) > length(other_lead_body)
                and contains(lead_body, other_lead_body)
                then 'containment'
            when
                length(title_key) > length(other_title_key)
                and contains(title_key, other_title_key)
                and coalesce(lead_body = other_lead_body, true)
                then 'containment'
        end as direction
    from compared

),

copies as (

    select
        item_id,
        other_item_id,
        other_published_at,
        other_has_credit,
        coalesce(lead_jaccard, 1.0) as similarity,
        match_method,
        direction
    from matched
    where match_method is not null and direction is not null

),

paired_parents as (

    select
        item_id,
        arg_min(
            other_item_id, (other_published_at, other_has_credit, other_item_id)
        ) as parent_item_id,
        arg_min(
            similarity, (other_published_at, other_has_credit, other_item_id)
        ) as parent_similarity,
        arg_min(
            match_method, (other_published_at, other_has_credit, other_item_id)
        ) as parent_match_method,
        arg_min(
            direction, (other_published_at, other_has_credit, other_item_id)
        ) as parent_direction
    from copies
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
            parent_similarity,
            parent_match_method,
            parent_direction
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
        walked_parents.parent_match_method,
        walked_parents.parent_direction,
        story_walk.hops as hops_from_original,
        story_walk.item_id = story_walk.story_id as is_original,
        story_walk.item_id <> story_walk.story_id as is_syndicated_copy,
        count(*) over (partition by story_walk.story_id) as story_size,
        -- the inputs the row was computed from, compared at the next build
        walked_items.agency_id,
        walked_items.published_at,
        walked_items.title_key,
        walked_items.lead_fingerprint,
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
        or stories.parent_match_method is distinct from previous.parent_match_method
        or stories.parent_direction is distinct from previous.parent_direction
        or stories.hops_from_original is distinct from previous.hops_from_original
        or stories.story_size is distinct from previous.story_size
        or stories.agency_id is distinct from previous.agency_id
        or stories.published_at is distinct from previous.published_at
        or stories.title_key is distinct from previous.title_key
        or stories.lead_fingerprint is distinct from previous.lead_fingerprint
        or stories.pairing_settings is distinct from previous.pairing_settings
{%- endif %}
