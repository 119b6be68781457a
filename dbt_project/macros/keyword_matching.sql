{#- Keyword tagging on accent-folded text.

    Keyword lists (one row per label, keywords separated by '|') are exploded into one row per
    folded keyword. One regular expression holding every keyword scans each text once, so the
    cost grows with the amount of text, not with text x keywords. Text and keywords have their
    spaces doubled and the text is padded with a space: ' (?:kw1|kw2) ' then finds whole words
    and phrases, and consecutive keywords do not compete for the space between them. Longer
    keywords come first in the alternation, so at any word the longest keyword wins; labels
    are then given to every keyword found inside it (see int_coverage__themes). The group is
    not capturing: asking RE2 for a group's bounds makes it rerun each match with a slower
    engine (about three times the CPU on these patterns); the whole match is trimmed instead
    (keywords_found). -#}

{% macro keywords_sql(keyword_relation, label_columns) -%}
    {%- set labels = label_columns | join(', ') ~ (', ' if label_columns else '') -%}
    select distinct
        {{ labels }}{{ fold_text('keyword') }} as keyword
    from (
        select
            {{ labels }}unnest(string_split(keywords_ascii, '|')) as keyword
        from {{ keyword_relation }}
    ) as exploded_keywords
    where {{ fold_text('keyword') }} <> ''
{%- endmacro %}


{#- ' ' || text with doubled spaces || ' ', for an already folded text. -#}
{% macro keyword_match_text(folded_expression) -%}
    ' ' || replace({{ folded_expression }}, ' ', '  ') || ' '
{%- endmacro %}


{#- The keywords a pattern of keyword_pattern finds in a text of keyword_match_text, as a list
    (words separated by two spaces). -#}
{% macro keywords_found(match_text, pattern) -%}
    list_transform(regexp_extract_all({{ match_text }}, {{ pattern }}, 0), lambda found: trim(found))
{%- endmacro %}


{#- The alternation pattern of the keywords selected by keywords_cte_sql. In a normal run it is
    read from the seeds when the model is compiled and written into the SQL as a literal, which
    lets DuckDB compile the expression once. Unit tests (whose seeds are fixtures) and compiles
    before the seeds exist use a scalar subquery instead: the same pattern, compiled per row,
    fine for small inputs. -#}
{% macro keyword_pattern(keywords_cte_sql, keyword_relations) -%}
    {%- set pattern_sql -%}
        select coalesce(
            ' (?:' || string_agg(
                replace(keyword, ' ', '  '), '|' order by length(keyword) desc, keyword
            ) || ') ',
            ' (?: ) '
        )
        from ({{ keywords_cte_sql }}) as keywords
    {%- endset -%}
    {%- set is_unit_test = model is mapping and model.get('resource_type') == 'unit_test' -%}
    {%- set state = namespace(seeds_exist=execute and not is_unit_test) -%}
    {%- for relation in keyword_relations -%}
        {%- if state.seeds_exist and load_relation(relation) is none -%}
            {%- set state.seeds_exist = false -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if state.seeds_exist -%}
        '{{ run_query(pattern_sql).columns[0].values()[0] }}'
    {%- else -%}
        ({{ pattern_sql }})
    {%- endif -%}
{%- endmacro %}
