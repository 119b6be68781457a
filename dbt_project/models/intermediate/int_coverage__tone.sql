-- Tone of each item from the tone lexicon (seeds tone_lexicon, tone_modifiers; the pattern is
-- macros/tone.sql). One pass of one regular expression over the item's folded title and lead
-- (search_text, folded as for themes) finds every lexicon term with its negator or shifter and
-- its intensifiers; each found term adds
--     weight x intensifier factors x (negator factor for a positive or a negative term)
-- to the item's score. The score decides the tone against the tone_*_threshold vars; an item
-- with no term is neutral. Analyst overrides are applied in fct_coverage_tone.
-- Incremental per item (see macros/item_changes.sql): a change of the seeds rebuilds every item.
-- depends_on: {{ ref('tone_lexicon') }}
-- depends_on: {{ ref('tone_modifiers') }}

{{
    config(
        materialized='incremental',
        incremental_strategy='append',
        on_schema_change='append_new_columns',
        meta={
            'item_inputs': ['int_coverage__items'],
            'reference_tables': ['tone_lexicon', 'tone_modifiers'],
        },
        pre_hook="{{ replace_changed_items() }}",
    )
}}

{%- set pattern = tone_pattern() %}
{%- set frame_pattern = tone_seed_pattern(tone_frame_pattern_sql()) %}
{%- set contrast_pattern = tone_seed_pattern(tone_contrast_pattern_sql()) %}
{%- set search_pattern = tone_seed_pattern(tone_search_pattern_sql()) %}

with

-- Nothing item-sized is materialized: a CTE read twice over every item would be held whole
-- (spilled to disk beyond the memory budget, and read back); the item table is scanned again
-- instead, and each step streams into the next. Only the few items with a headline frame are
-- kept aside.
items as not materialized (

    select
        item_id,
        title_key,
        -- search_text is the folded title, a space, then the folded lead
        substr(search_text, length(title_key) + 2) as lead_key,
        lower(coalesce(title, '')) as title_lower,
        lower(coalesce(summary, '')) as lead_lower
    from {{ ref('int_coverage__items') }}
    {{- only_changed_items() }}

),

-- The title and the lead. One with a contrastive marker ('nhưng', 'tuy nhiên') is cut at the
-- first one: the clause after it is what the writer stresses, so it counts
-- tone_contrast_weight times the clause before it. The marker is found before folding, which
-- merges 'nhưng' (but) with 'những' (plural); only the few parts that have one are folded
-- again. The headline states what the item is about; it counts tone_title_weight times the
-- lead.
parts as (

    select
        item_id,
        {{ var('tone_title_weight') }} as part_weight,
        title_lower as part_lower,
        title_key as part_key
    from items
    union all
    select
        item_id,
        1.0 as part_weight,
        lead_lower as part_lower,
        lead_key as part_key
    from items
    where lead_key <> ''

),

-- Each part gives its clauses in one pass (read once, the parts need not be kept).
clauses as (

    select
        split_parts.item_id,
        split_parts.clause.part_weight,
        split_parts.clause.clause_key
    from (
        select
            item_id,
            unnest(case
                when regexp_matches(part_lower, {{ contrast_pattern }})
                    then [
                        {
                            'part_weight': part_weight,
                            'clause_key': {{ fold_text(
                                "regexp_extract(part_lower, " ~ contrast_pattern ~ ", 1)"
                            ) }}
                        },
                        {
                            'part_weight': part_weight * {{ var('tone_contrast_weight') }},
                            'clause_key': {{ fold_text(
                                "regexp_extract(part_lower, " ~ contrast_pattern ~ ", 2)"
                            ) }}
                        }
                    ]
                else [{ 'part_weight': part_weight, 'clause_key': part_key }]
            end) as clause
        from parts
    ) as split_parts
    where split_parts.clause.clause_key <> ''

),

found as (

    select
        item_id,
        part_weight,
        unnest(
            regexp_extract_all({{ keyword_match_text('clause_key') }}, {{ search_pattern }}, 0)
        ) as found_text
    from clauses

),

-- A headline that announces, convenes or instructs ('họp báo', 'tọa đàm', 'ban hành') reports
-- an act of the administration, not a gain or a harm: its terms count the frame's factor.
-- The factor is taken per frame (few rows) and joined to the items, never grouped per item.
frame_factors as (

    select
        {{ fold_text('term_ascii') }} as frame,
        min(factor_positive) as frame_factor
    from {{ ref('tone_modifiers') }}
    where kind = 'frame'
    group by all

),

-- Only the items whose headline has a frame: the others' factor is 1.
frames as (

    select
        frame_found.item_id,
        frame_found.frame,
        coalesce(frame_factors.frame_factor, 1) as frame_factor
    from (
        -- the cheap test first: most titles have no frame
        select
            item_id,
            replace(regexp_extract(match_key, {{ frame_pattern }}, 1), '  ', ' ') as frame
        from (
            select
                item_id,
                {{ keyword_match_text('title_key') }} as match_key
            from items
        ) as title_keys
        where regexp_matches(match_key, {{ frame_pattern }})
    ) as frame_found
    left join frame_factors
        on frame_found.frame = frame_factors.frame

),

lexicon as (

    select
        {{ fold_text('term_ascii') }} as term,
        max(weight) as weight,
        bool_or(category = 'measure') as is_measure
    from {{ ref('tone_lexicon') }}
    group by all

),

modifiers as (

    select
        kind,
        {{ fold_text('term_ascii') }} as term,
        max(factor_positive) as factor_positive,
        max(factor_negative) as factor_negative
    from {{ ref('tone_modifiers') }}
    group by all

),

-- Most matches are a lexicon term alone; only the others are taken apart by the pattern's
-- groups (fixed phrase, negator, intensifier before, term, after), which costs far more.
found_keys as (

    select
        found.item_id,
        found.part_weight,
        found.found_text,
        trim(replace(found.found_text, '  ', ' ')) as found_key
    from found

),

parsed as (

    select
        found_keys.item_id,
        found_keys.part_weight,
        found_keys.found_key as found_text,
        lexicon.term as plain_term,
        case
            when lexicon.term is null
                -- one match for the five groups (a call per group would rerun it five times)
                then {{ regexp_groups(
                    'found_keys.found_text', pattern, ['fixed', 'modifier', 'pre', 'term', 'post']
                ) }}
        end as term_groups
    from found_keys
    left join lexicon
        on found_keys.found_key = lexicon.term

),

matches as (

    select
        parsed.item_id,
        parsed.part_weight,
        parsed.found_text,
        coalesce(
            parsed.plain_term,
            replace(
                coalesce(nullif(parsed.term_groups.fixed, ''), parsed.term_groups.term), '  ', ' '
            )
        ) as term,
        replace(nullif(parsed.term_groups.modifier, ''), '  ', ' ') as modifier,
        replace(nullif(parsed.term_groups.pre, ''), '  ', ' ') as pre,
        replace(nullif(parsed.term_groups.post, ''), '  ', ' ') as post
    from parsed

),

scored as (

    select
        matches.item_id,
        matches.found_text,
        lexicon.weight,
        -- a measure ('doanh thu', 'gia dien') has a tone only with a direction after it
        case when lexicon.is_measure and post.term is null then 0 else 1 end
        * coalesce(frames.frame_factor, 1)
        * matches.part_weight
        * lexicon.weight
        * case
            when lexicon.weight >= 0
                then
                    coalesce(negators.factor_positive, 1)
                    * coalesce(pre.factor_positive, 1)
                    * coalesce(post.factor_positive, 1)
            else
                coalesce(negators.factor_negative, 1)
                * coalesce(pre.factor_negative, 1)
                * coalesce(post.factor_negative, 1)
        end as contribution
    from matches
    inner join lexicon
        on matches.term = lexicon.term
    left join frames
        on matches.item_id = frames.item_id
    left join modifiers as negators
        on negators.kind = 'negator' and matches.modifier = negators.term
    left join modifiers as pre
        on pre.kind = 'before' and matches.pre = pre.term
    left join modifiers as post
        on post.kind = 'after' and matches.post = post.term

),

per_item as (

    select
        item_id,
        sum(contribution) as tone_score,
        count(*) filter (where contribution > 0) as positive_hits,
        count(*) filter (where contribution < 0) as negative_hits,
        string_agg(
            found_text || ' (' || printf('%+.2f', contribution) || ')', '; '
            order by found_text, contribution
        ) filter (where contribution <> 0) as matched_terms
    from scored
    group by item_id

)

select
    items.item_id,
    round(coalesce(per_item.tone_score, 0), 4) as tone_score,
    -- decided on the score as stored: a floating-point sum depends on the order the terms
    -- arrive in, which varies from build to build, and a score on a threshold must not flip
    case
        when round(coalesce(per_item.tone_score, 0), 4) >= {{ var('tone_positive_threshold') }}
            then 'positive'
        when round(coalesce(per_item.tone_score, 0), 4) <= -{{ var('tone_negative_threshold') }}
            then 'negative'
        else 'neutral'
    end as tone,
    coalesce(per_item.positive_hits, 0) as positive_hits,
    coalesce(per_item.negative_hits, 0) as negative_hits,
    per_item.matched_terms,
    frames.frame as tone_frame,
    {{ change_stamp() }} as changed_at,
    {{ inputs_fingerprint() }} as inputs_fingerprint
from items
left join frames
    on items.item_id = frames.item_id
left join per_item
    on items.item_id = per_item.item_id
