{#- Tone of coverage: the regular expression that finds lexicon terms in an item's folded text
    together with what modifies them (seeds tone_lexicon and tone_modifiers; see
    int_coverage__tone).

    The text is prepared as for keyword tagging (keyword_match_text: words separated by two
    spaces, padded with one), so one match never takes the space the next one needs. Each
    match is one of
      fixed     a lexicon term whose first word is a negator ('khong gian', 'kho khan',
                'giam ngheo'): tried first, so the negator inside it negates nothing;
      modifier  a negator or shifter ('khong', 'chua', 'giam', 'khac phuc'), then up to
                `tone_negation_window` other words, then
      pre       an intensifier before the term ('rat', 'dac biet'),
      term      the lexicon term (longest first), and
      post      an intensifier after it ('nghiem trong', 'manh').
    Every part but the term is optional. RE2 takes the leftmost match and, at one position, the
    first alternative that matches: a fixed phrase before a negated term, the nearest term to a
    negator (lazy window), the longest term. -#}

{% macro tone_alternation(terms_sql) -%}
    (
        select
            coalesce(
                string_agg(replace(term, ' ', '  '), '|' order by length(term) desc, term),
                '[^\s\S]'
            )
        from ({{ terms_sql }}) as alternatives
    )
{%- endmacro %}


{% macro tone_pattern_sql() -%}
    {%- set lexicon -%}
        select distinct {{ fold_text('term_ascii') }} as term
        from {{ ref('tone_lexicon') }}
    {%- endset -%}
    {%- set modifiers -%}
        select distinct kind, {{ fold_text('term_ascii') }} as term
        from {{ ref('tone_modifiers') }}
    {%- endset -%}
    {%- set fixed -%}
        select lexicon.term
        from ({{ lexicon }}) as lexicon
        where exists (
            select 1
            from ({{ modifiers }}) as modifiers
            where
                modifiers.kind = 'negator'
                and starts_with(lexicon.term, modifiers.term || ' ')
        )
    {%- endset -%}
    select
        ' (?:('
        || {{ tone_alternation(fixed) }}
        || ')|(?:('
        || {{ tone_alternation("select term from (" ~ modifiers ~ ") as m where kind = 'negator'") }}
        || ')  (?:[a-z0-9]+  ){0,{{ var('tone_negation_window') }}}?)?(?:('
        || {{ tone_alternation("select term from (" ~ modifiers ~ ") as m where kind = 'before'") }}
        || ')  )?('
        || {{ tone_alternation("select term from (" ~ lexicon ~ ") as l except " ~ fixed) }}
        || ')(?:  ('
        || {{ tone_alternation("select term from (" ~ modifiers ~ ") as m where kind = 'after'") }}
        || '))?) '
{%- endmacro %}


{#- The same pattern with every group non-capturing, to find the matches only: asked for no
    group's bounds, RE2 never reruns a match with its slower engine (about a third of the
    CPU). Terms are folded text ([a-z0-9 ]), so every '(' of the pattern opens a group. -#}
{% macro tone_search_pattern_sql() -%}
    select replace(replace(replace(pattern, '(?:', chr(1)), '(', '(?:'), chr(1), '(?:')
    from ({{ tone_pattern_sql() }}) as tone_pattern (pattern)
{%- endmacro %}


{#- The neutral frames of a headline ('hop bao', 'toa dam', 'ban hanh'): a frame found in the
    folded title (keyword_match_text) is group 1; the longest at the leftmost place wins. -#}
{% macro tone_frame_pattern_sql() -%}
    {%- set frames -%}
        select distinct {{ fold_text('term_ascii') }} as term
        from {{ ref('tone_modifiers') }}
        where kind = 'frame'
    {%- endset -%}
    select ' (' || {{ tone_alternation(frames) }} || ') '
{%- endmacro %}


{#- The first contrastive marker ('nhưng', 'tuy nhiên') of a lower-case text that is NOT folded,
    since folding merges 'nhưng' (but) with 'những' (plural) and 'nhũng' (graft): group 1 is the
    clause before it, group 2 the clause after it. -#}
{% macro tone_contrast_pattern_sql() -%}
    {%- set markers -%}
        select distinct lower(term_vi) as term
        from {{ ref('tone_modifiers') }}
        where kind = 'contrast'
    {%- endset -%}
    select
        '(?s)^(.*?\S)[\s,;:]+(?:'
        || (
            select coalesce(string_agg(term, '|' order by length(term) desc, term), '[^\s\S]')
            from ({{ markers }}) as m
        )
        || ')[\s,:]+(.*)$'
{%- endmacro %}


{#- The pattern of `pattern_sql` as a literal read from the seeds when they exist (compiled once
    by DuckDB); in unit tests and before the seeds are loaded, the same pattern as a scalar
    subquery. -#}
{% macro tone_seed_pattern(pattern_sql) -%}
    {%- set is_unit_test = model is mapping and model.get('resource_type') == 'unit_test' -%}
    {%- set state = namespace(seeds_exist=execute and not is_unit_test) -%}
    {%- for relation in [ref('tone_lexicon'), ref('tone_modifiers')] -%}
        {%- if state.seeds_exist and load_relation(relation) is none -%}
            {%- set state.seeds_exist = false -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if state.seeds_exist -%}
        '{{ run_query(pattern_sql).columns[0].values()[0] | replace("'", "''") }}'
    {%- else -%}
        ({{ pattern_sql }})
    {%- endif -%}
{%- endmacro %}


{% macro tone_pattern() -%}
    {{- tone_seed_pattern(tone_pattern_sql()) -}}
{%- endmacro %}


{#- The groups of `pattern` in `text` as a struct with the fields `names` (group 1, 2, ...).
    A literal pattern (the seeds exist) is matched once for every group; DuckDB takes the
    group-list form of regexp_extract only for a constant pattern, so a pattern still given as
    a scalar subquery (unit tests) is matched once per group. -#}
{% macro regexp_groups(text, pattern, names) -%}
    {%- if pattern.strip().startswith("'") -%}
        regexp_extract({{ text }}, {{ pattern }}, ['{{ names | join("', '") }}'])
    {%- else -%}
        {%- set fields = [] -%}
        {%- for name in names -%}
            {%- do fields.append(
                name ~ ' := regexp_extract(' ~ text ~ ', ' ~ pattern ~ ', ' ~ loop.index ~ ')'
            ) -%}
        {%- endfor -%}
        struct_pack({{ fields | join(', ') }})
    {%- endif -%}
{%- endmacro %}
