-- Stories: copies of the same story across outlets, found by their text. An item copies an
-- item of another agency published at most var('syndication_window_days') days before it when
--   * their leads (summaries, at least var('syndication_min_lead_words') words) are
--     near-identical: word 3-shingle Jaccard of the lead bodies
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
-- an item that was added, removed or changed (what int_coverage__items wrote or removed after
-- this model last wrote rows: macros/item_changes.sql); a new day's file then pairs the last
-- buckets again; a change of the settings or of this SQL pairs every
-- bucket again. Only the stories those items were or now are part of are
-- walked again, and only rows that changed are written. Each row keeps the inputs it was
-- computed from, for the next build to compare.

{%- set window_days = var('syndication_window_days') %}
{%- set province = var('province') | lower %}
{#- The settings the pairing follows, and the model's own SQL: a change re-pairs every bucket. -#}
{%- set settings = [
    model.checksum.checksum if model.checksum is defined else model.name,
    window_days,
    var('syndication_min_title_length'),
    var('syndication_min_lead_jaccard'),
    var('syndication_min_title_lead_jaccard'),
    var('syndication_min_lead_words'),
    var('syndication_anchor_min_words'),
    var('syndication_max_anchor_items'),
] | join('|') %}
{#- Marks outlets put before or after a headline they run, on the lower-case title: format
    marks, the province as a dateline, and credits ('| Theo TTXVN'). An angle ('Cận cảnh:',
    'Toàn cảnh:', 'Góc nhìn:', 'Trực tiếp:') is another piece, not a mark. The title is not
    accent-folded: a copy keeps the original's words, and folding a million titles is slow. -#}
{%- set title_prefix_marks = "^\\s*(\\[(ảnh|video|clip|phóng sự|infographic|emagazine)\\]"
    ~ "|(video|clip|ảnh|infographic|emagazine|e-magazine|podcast|longform|megastory"
    ~ "|hình ảnh|phóng sự ảnh|phóng sự|tp\\.? " ~ province ~ "|thành phố " ~ province
    ~ "|" ~ province ~ ")\\s*[:|])\\s*" %}
{%- set title_suffix_marks = "\\s*(\\((ảnh|video|clip|infographic|audio|podcast)\\)"
    ~ "|[|]\\s*(theo|nguồn)\\s+[^|]*|\\s[-–]\\s*(theo|nguồn)\\s+[^-–]*"
    ~ "|\\((theo|nguồn)\\s+[^)]*\\))\\s*$" %}
{%- set title_credit = "([|(]\\s*(theo|nguồn)\\s)|(\\s[-–]\\s*(theo|nguồn)\\s+[^-–]*$)" %}
{#- A credit line opening a lead: '(TTXVN) - ', 'HẢI PHÒNG (VNA) - ', 'Theo TTXVN, '. -#}
{%- set lead_credit = "^\\s*(([^\\s(]+\\s+){0,3}\\([^)]{2,40}\\)\\s*[-–]\\s*"
    ~ "|[Tt]heo\\s+[^,]{2,40},\\s*)" %}
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

-- Not materialized: each reader scans the columns it needs from the item table, instead of
-- every reader sharing one copy of every column of every item (held whole, spilled to disk
-- beyond the memory budget and read back).
items as not materialized (

    select
        item_id,
        agency_id,
        published_at,
        title,
        title_key,
        url,
        summary,
        md5(coalesce(summary, '')) as lead_fingerprint,
        floor(epoch(published_at) / (86400 * {{ window_days }})) as time_bucket
    from {{ ref('int_coverage__items') }}

),

-- The analyst's decisions on pairs (reviews/ inbox): the latest decision on a pair counts.
-- `item_url` names the copy, `other_url` the original it copies.
reviewed_pairs as materialized (

    select
        copies.item_id,
        originals.item_id as other_item_id,
        reviews.action = 'confirm_syndication' as is_confirmed
    from {{ ref('stg_inbox__reviews') }} as reviews
    inner join items as copies
        on reviews.item_url = copies.url
    inner join items as originals
        on reviews.other_url = originals.url
    where reviews.action in ('confirm_syndication', 'reject_syndication')
    qualify
        row_number() over (
            partition by copies.item_id, originals.item_id
            order by
                reviews.reviewed_on desc, reviews.loaded_at desc,
                reviews.source_file_name desc, reviews.source_row desc
        ) = 1

),

-- What the decisions were: a change pairs every item again (decisions are few).
review_state as (

    select
        md5(coalesce(
            string_agg(
                concat_ws('|', item_id, other_item_id, is_confirmed), ';'
                order by item_id, other_item_id
            ),
            ''
        )) as reviews_fingerprint
    from reviewed_pairs

),

{% if incremental_build -%}
    -- Not materialized: each reader scans the columns and rows it needs of the last build,
    -- instead of every column of every row being copied first.
    previous as not materialized (

        select
            *,
            floor(epoch(published_at) / (86400 * {{ window_days }})) as time_bucket
        from {{ this }}

    ),

    -- When this model last wrote rows, and whether every item is paired again (the settings
    -- or the decisions changed since).
    build_state as materialized (

        select
            max(previous_rows.changed_at) as built_at,
            coalesce(bool_or(
                previous_rows.pairing_settings is distinct from '{{ settings }}'
                or previous_rows.reviews_fingerprint
                is distinct from (select state.reviews_fingerprint from review_state as state)
            ), false) as pair_all
        from {{ this }} as previous_rows

    ),

    -- Items added or changed since the last build (every item when the settings changed):
    -- int_coverage__items stamps every row it writes, so those stamped later are the items
    -- that may have another agency, time, title or lead; the rest of the year is not read.
    changed_items as materialized (

        select changed.item_id
        from {{ ref('int_coverage__items') }} as changed
        cross join build_state
        where
            build_state.built_at is null
            or build_state.pair_all
            or changed.changed_at > build_state.built_at

    ),

    -- Their buckets, before and after, and those of the items removed since (logged by
    -- int_coverage__items).
    changed_buckets as (

        select items.time_bucket
        from items
        inner join changed_items
            on items.item_id = changed_items.item_id
        union
        select previous.time_bucket
        from previous
        where
            previous.item_id in (select changed.item_id from changed_items as changed)
            or previous.item_id in (
                select removed.item_id
                from {{ removed_items_relation() }} as removed
                where removed.removed_at > (select state.built_at from build_state as state)
            )

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
        lower(title) as plain_title,
        summary,
        regexp_matches(summary, '{{ lead_credit }}') as lead_has_credit
    from items
    where
        published_at is not null
        -- later items in the buckets paired again, and their candidates a bucket before
        and (
            time_bucket in (select paired.time_bucket from paired_buckets as paired)
            or time_bucket + 1 in (select paired.time_bucket from paired_buckets as paired)
        )

),

marked as materialized (

    select
        * exclude (plain_title, summary, lead_body, suffix_free),
        -- the marks are looked for only in titles that have the characters they are made of
        trim(case
            when
                contains(plain_title, ':') or contains(plain_title, ']')
                or contains(plain_title, '|')
                then regexp_replace(
                    regexp_replace(suffix_free, '{{ title_prefix_marks }}', ''),
                    '{{ title_prefix_marks }}', ''
                )
            else suffix_free
        end) as core_title,
        lead_body,
        coalesce(length(lead_body) - length(replace(lead_body, ' ', '')) + 1, 0) as lead_words
    from (
        select
            *,
            case
                when
                    contains(plain_title, '(') or contains(plain_title, '|')
                    or contains(plain_title, ' - ') or contains(plain_title, ' – ')
                    then regexp_replace(plain_title, '{{ title_suffix_marks }}', '')
                else plain_title
            end as suffix_free,
            case
                when
                    contains(plain_title, '(') or contains(plain_title, '|')
                    or contains(plain_title, ' - ') or contains(plain_title, ' – ')
                    then regexp_matches(plain_title, '{{ title_credit }}')
                else false
            end or coalesce(lead_has_credit, false) as has_credit,
            -- the lead without the credit line a re-run may open it with
            nullif(trim(case
                when lead_has_credit then regexp_replace(summary, '{{ lead_credit }}', '')
                else summary
            end), '') as lead_body
        from clusterable
    ) as unmarked

),

-- Sentences of the leads long enough to be evidence, as anchors for comparing leads.
sentences as (

    select distinct
        item_id,
        time_bucket,
        hash(trim(sentence, ' .')) as anchor
    from (
        select
            item_id,
            time_bucket,
            unnest(string_split(lead_body, '. ')) as sentence
        from marked
        where lead_words >= {{ var('syndication_min_lead_words') }}
    )
    where
        length(sentence) - length(replace(sentence, ' ', ''))
        >= {{ var('syndication_anchor_min_words') }} - 1

),

-- Anchors two items or more carry, in the buckets where no more than a few items carry them:
-- a sentence many items of a bucket carry is boilerplate, not a sign of copying.
anchors as materialized (

    select *
    from sentences
    where
        anchor in (
            select repeated.anchor
            from sentences as repeated
            group by repeated.anchor
            having count(*) > 1
        )
    qualify
        count(*) over (partition by time_bucket, anchor)
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
candidates as materialized (

    select
        pairs.item_id,
        pairs.other_item_id,
        bool_or(pairs.by_title) as same_title,
        any_value(
            least(item.lead_words, other.lead_words) >= {{ var('syndication_min_lead_words') }}
        ) as both_leads
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

candidate_items as materialized (

    select candidates.item_id from candidates
    where candidates.both_leads
    union
    select candidates.other_item_id from candidates
    where candidates.both_leads

),

-- Word 3-shingles of the leads of the items in a candidate pair whose two leads are long
-- enough to compare (a short lead, a line on the topic, is no evidence).
shingled as materialized (

    select
        item_id,
        lead_numbers,
        list_distinct(list_transform(
            list_zip(words[:-3], words[2:-2], words[3:-1]),
            lambda w: hash(w[1], w[2], w[3])
        )) as shingles
    from (
        select
            marked.item_id,
            list_sort(regexp_extract_all(marked.lead_body, '[0-9]+')) as lead_numbers,
            -- the words as written: a copy keeps them, punctuation and all
            string_split(lower(marked.lead_body), ' ') as words
        from marked
        inner join candidate_items
            on marked.item_id = candidate_items.item_id
        where marked.lead_body is not null
    ) as split_leads

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
        -- the shingle lists are distinct, so the union's size follows from the intersection's,
        -- without building the union of every pair's lists
        len(list_intersect(item_lead.shingles, other_lead.shingles))
        / (
            len(item_lead.shingles) + len(other_lead.shingles)
            - len(list_intersect(item_lead.shingles, other_lead.shingles))
        ) as lead_jaccard
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
matched as materialized (

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
        matched.item_id,
        matched.other_item_id,
        matched.other_published_at,
        matched.other_has_credit,
        coalesce(matched.lead_jaccard, 1.0) as similarity,
        matched.match_method,
        matched.direction,
        1 as precedence
    from matched
    -- a rejected pair is no copy, in either direction
    left join reviewed_pairs as rejected
        on
            not rejected.is_confirmed
            and least(matched.item_id, matched.other_item_id)
            = least(rejected.item_id, rejected.other_item_id)
            and greatest(matched.item_id, matched.other_item_id)
            = greatest(rejected.item_id, rejected.other_item_id)
    where
        matched.match_method is not null
        and matched.direction is not null
        and rejected.item_id is null
    union all
    -- a confirmed pair is a copy whatever its text, and comes before any other parent
    select
        confirmed.item_id,
        confirmed.other_item_id,
        originals.published_at as other_published_at,
        false as other_has_credit,
        1.0 as similarity,
        'review' as match_method,
        'review' as direction,
        0 as precedence
    from reviewed_pairs as confirmed
    inner join items as originals
        on confirmed.other_item_id = originals.item_id
    where
        confirmed.is_confirmed
        -- items paired again (the others keep their parent, which followed the same decisions)
        and confirmed.item_id in (
            select reviewed.item_id
            from items as reviewed
            where reviewed.time_bucket in (select paired.time_bucket from paired_buckets as paired)
        )

),

paired_parents as (

    select
        item_id,
        arg_min(
            other_item_id, (precedence, other_published_at, other_has_credit, other_item_id)
        ) as parent_item_id,
        arg_min(
            similarity, (precedence, other_published_at, other_has_credit, other_item_id)
        ) as parent_similarity,
        arg_min(
            match_method, (precedence, other_published_at, other_has_credit, other_item_id)
        ) as parent_match_method,
        arg_min(
            direction, (precedence, other_published_at, other_has_credit, other_item_id)
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

-- Stories are walked from their originals down; an item in no pair is its own story and is
-- not walked (most items are).
story_walk (item_id, story_id, hops) as (

    select
        walked_items.item_id,
        walked_items.item_id as story_id,
        0 as hops
    from walked_items
    where
        walked_items.item_id not in (select walked_parents.item_id from walked_parents)
        and walked_items.item_id in (select walked_parents.parent_item_id from walked_parents)
    union all
    select
        walked_parents.item_id,
        story_walk.story_id,
        story_walk.hops + 1 as hops
    from walked_parents
    inner join story_walk
        on walked_parents.parent_item_id = story_walk.item_id

),

-- Stories of more than one item are the walked ones (few); every other item is a story of
-- one. Counted there, not by a window over every item.
story_sizes as (

    select
        story_id,
        count(*) as story_size
    from story_walk
    group by story_id

),

-- Every walked item with its story: a walked one, or its own when it copies nothing and
-- nothing copies it (a copy the walk did not reach has no row, as before). The item table is
-- only probed: what is looked up in it (walk, parents, sizes) is small.
stories as (

    select
        walked_items.item_id,
        coalesce(story_walk.story_id, walked_items.item_id) as story_id,
        walked_parents.parent_item_id,
        walked_parents.parent_similarity,
        walked_parents.parent_match_method,
        walked_parents.parent_direction,
        coalesce(story_walk.hops, 0) as hops_from_original,
        walked_items.item_id = coalesce(story_walk.story_id, walked_items.item_id) as is_original,
        walked_items.item_id
        <> coalesce(story_walk.story_id, walked_items.item_id) as is_syndicated_copy,
        coalesce(story_sizes.story_size, 1) as story_size,
        -- the inputs the row was computed from, compared at the next build
        walked_items.agency_id,
        walked_items.published_at,
        walked_items.title_key,
        walked_items.lead_fingerprint,
        '{{ settings }}' as pairing_settings,
        (select state.reviews_fingerprint from review_state as state) as reviews_fingerprint,
        {{ change_stamp() }} as changed_at
    from walked_items
    left join story_walk
        on walked_items.item_id = story_walk.item_id
    left join walked_parents
        on walked_items.item_id = walked_parents.item_id
    left join story_sizes
        on story_walk.story_id = story_sizes.story_id
    where
        story_walk.item_id is not null
        or (
            walked_parents.item_id is null
            and walked_items.item_id not in (
                select copied.parent_item_id from walked_parents as copied
            )
        )

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
        or stories.reviews_fingerprint is distinct from previous.reviews_fingerprint
{%- endif %}
