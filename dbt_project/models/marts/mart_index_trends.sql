-- Index trends of the evaluated province: every published figure with its change against the
-- previous year that has a figure for the same index and component. Conflicting official
-- figures (one index, component and year, different scores) are all kept, side by side, with
-- has_conflict and conflicting_scores ('91.87 | 91.81', in the order they were listed). A
-- change is never computed from a mean of conflicting figures: against a previous year that has
-- several scores, score_change is NULL and score_changes lists the change against each
-- ('+4.30 | +4.36', in the order the previous figures were listed). rank_change is positive
-- when the province moved up. release_lag_months: months from the end of the measured year to the
-- index's usual release. A contribution to read, never a claim that coverage caused it.

with

figures as (

    select
        *,
        row_number() over (
            partition by index_code, component, index_year
            order by source_file, source_row_number
        ) as figure_no
    from {{ ref('int_indices') }}

),

distinct_scores as (

    select
        index_code,
        component,
        index_year,
        score,
        min(figure_no) as first_figure_no
    from figures
    where score is not null
    group by index_code, component, index_year, score

),

score_summary as (

    select
        index_code,
        component,
        index_year,
        count(*) as distinct_score_count,
        list(score order by first_figure_no) as scores,
        string_agg(cast(score as varchar), ' | ' order by first_figure_no) as scores_listed
    from distinct_scores
    group by index_code, component, index_year

),

years as (

    select
        figures.index_code,
        figures.component,
        figures.index_year,
        min(figures.province_rank) as year_rank,
        any_value(score_summary.scores) as scores,
        coalesce(any_value(score_summary.distinct_score_count), 0) > 1 as has_conflict,
        any_value(score_summary.scores_listed) as scores_listed
    from figures
    left join score_summary
        on
            figures.index_code = score_summary.index_code
            and figures.component = score_summary.component
            and figures.index_year = score_summary.index_year
    group by figures.index_code, figures.component, figures.index_year

),

with_previous as (

    select
        *,
        lag(index_year) over (
            partition by index_code, component order by index_year
        ) as prev_year,
        lag(scores) over (
            partition by index_code, component order by index_year
        ) as prev_scores,
        lag(has_conflict) over (
            partition by index_code, component order by index_year
        ) as prev_has_conflict,
        lag(year_rank) over (
            partition by index_code, component order by index_year
        ) as prev_rank
    from years

)

select
    cast(
        figures.index_code || '|' || figures.component || '|' || figures.index_year
        || '|' || figures.figure_no as varchar
    ) as figure_id,
    cast(figures.index_code as varchar) as index_code,
    cast(figures.component as varchar) as component,
    cast(figures.index_year as integer) as year,
    cast(figures.province as varchar) as province,
    cast(figures.score as double) as score,
    cast(figures.scale_max as double) as scale_max,
    cast(figures.score / nullif(figures.scale_max, 0) * 100 as double) as score_pct,
    cast(figures.province_rank as integer) as rank,
    cast(with_previous.prev_year as integer) as prev_year,
    cast(
        case when len(with_previous.prev_scores) = 1 then with_previous.prev_scores[1] end
        as double
    ) as prev_score,
    cast(with_previous.prev_rank as integer) as prev_rank,
    cast(
        case
            when len(with_previous.prev_scores) = 1
                then figures.score - with_previous.prev_scores[1]
        end as double
    ) as score_change,
    cast(
        case
            when with_previous.prev_has_conflict and figures.score is not null
                then array_to_string(
                    list_transform(
                        with_previous.prev_scores,
                        lambda prev: printf('%+.2f', figures.score - prev)  -- noqa: RF02
                    ),
                    ' | '
                )
        end as varchar
    ) as score_changes,
    cast(with_previous.prev_has_conflict as boolean) as prev_has_conflict,
    cast(with_previous.prev_rank - figures.province_rank as integer) as rank_change,
    cast(figures.source_name as varchar) as source,
    cast(figures.note as varchar) as note,
    cast(figures.is_placeholder as boolean) as is_placeholder,
    cast(figures.release_lag_months as integer) as release_lag_months,
    cast(figures.methodology_break as boolean) as methodology_break,
    cast(
        case when figures.methodology_break then figures.methodology_note end as varchar
    ) as methodology_note,
    cast(with_previous.has_conflict as boolean) as has_conflict,
    cast(
        case when with_previous.has_conflict then with_previous.scores_listed end as varchar
    ) as conflicting_scores
from figures
inner join with_previous
    on
        figures.index_code = with_previous.index_code
        and figures.component = with_previous.component
        and figures.index_year = with_previous.index_year
