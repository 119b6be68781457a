{#- Keyword tagging on accent-folded text.

    A keyword list (one row per label, keywords separated by '|') is exploded into one row per
    folded keyword. Text and keywords have their single spaces doubled and are padded with a
    space, so ' (kw1|kw2) ' finds whole words and phrases and consecutive matches do not share
    a space. One regular expression holding every keyword scans each text once: the cost grows
    with the amount of text, not with text x keywords. Longer keywords come first in the
    alternation, so a phrase wins over a shorter keyword starting at the same word. -#}

{% macro exploded_keywords_sql(keyword_relation, label_columns, keywords_column) -%}
    select distinct
        {% for column in label_columns %}{{ column }},
        {% endfor -%}
        replace({{ fold_text('keyword') }}, ' ', '  ') as keyword
    from (
        select
            {% for column in label_columns %}{{ column }},
            {% endfor -%}
            unnest(string_split({{ keywords_column }}, '|')) as keyword
        from {{ keyword_relation }}
    ) as exploded_keywords
    where {{ fold_text('keyword') }} <> ''
{%- endmacro %}


{% macro keyword_match_text(expression) -%}
    ' ' || replace({{ fold_text(expression) }}, ' ', '  ') || ' '
{%- endmacro %}


{#- The alternation pattern. In a normal run it is read from the keyword table when the model is
    compiled and written into the SQL as a literal, which lets DuckDB compile the expression once.
    Unit tests (whose keyword table is a fixture) and compiles before the seeds exist use a
    scalar subquery instead: the same pattern, compiled per row, fine for small inputs. -#}
{% macro keyword_pattern(keywords_cte_sql, keyword_relation) -%}
    {%- set pattern_sql -%}
        select coalesce(' (' || string_agg(keyword, '|' order by length(keyword) desc, keyword) || ') ', ' ( ) ')
        from ({{ keywords_cte_sql }}) as keywords
    {%- endset -%}
    {%- set is_unit_test = model is mapping and model.get('resource_type') == 'unit_test' -%}
    {%- if execute and not is_unit_test and load_relation(keyword_relation) is not none -%}
        {%- set pattern = run_query(pattern_sql).columns[0].values()[0] -%}
        '{{ pattern }}'
    {%- else -%}
        ({{ pattern_sql }})
    {%- endif -%}
{%- endmacro %}
