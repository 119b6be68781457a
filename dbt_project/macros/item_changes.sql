{#- sqlfluff lints the bodies of these macros rendered side by side, as if they were one
    SQL file at top level, and then wants them unindented; they keep the project's layout. -#}
-- noqa: disable=LT02
{#- Per-item incremental models: the models whose rows belong to coverage items (one row per
    item, or several) rebuild only the items that changed since their own last build, so a
    day's new coverage costs that day's items, not the year's.

    Every row carries
      changed_at          when the build that wrote it started (dbt's run_started_at), and
      inputs_fingerprint  what its non-item inputs were: the model's own SQL, the reference
                          tables it reads (seeds, contract lines) and the fingerprints of its
                          per-item inputs.
    An item is rebuilt when a row of it in one of the model's per-item inputs changed after the
    model's last build (int_coverage__items always counts: an item that changes there may
    disappear from a several-rows-per-item input without a trace), and every item is rebuilt
    when the fingerprint differs. Items gone from int_coverage__items are deleted.

    A model declares its inputs in its config and uses the hook and the filter:
        config(
            materialized='incremental',
            incremental_strategy='append',
            on_schema_change='append_new_columns',
            meta={'item_inputs': [...], 'reference_tables': [...]},
            pre_hook="{{ replace_changed_items() }}",
        )
        ... from {{ ref('int_coverage__items') }} {{ only_changed_items() }} ...
        select ..., {{ change_stamp() }} as changed_at,
               {{ inputs_fingerprint() }} as inputs_fingerprint
    The pre-hook runs in the model's transaction before the model's query: it lists the items
    to rebuild in a temporary table and deletes their rows; the query then appends their new
    rows. -#}

{#- run_started_at is in UTC ('2026-01-31 22:05:01.123456+00:00'); the cast keeps its clock
    time and drops the offset. -#}
{% macro change_stamp() -%}
    cast('{{ run_started_at }}' as timestamp)
{%- endmacro %}


{% macro changed_items_table() -%}
    "{{ this.identifier }}__changed_items"
{%- endmacro %}


{% macro item_changes_config(name) -%}
    {%- set node = graph.get('nodes', {}).get('model.' ~ project_name ~ '.' ~ name) -%}
    {{ return(node.config.meta if node else {}) }}
{%- endmacro %}


{% macro inputs_fingerprint() -%}
    {%- set meta = item_changes_config(this.identifier) -%}
    md5(concat_ws(
        '#',
        '{{ model.checksum.checksum if model.checksum is defined else model.name }}'
        {%- for name in meta.get('reference_tables', []) %},
        (
            select
                md5(coalesce(
                    string_agg(cast(reference as varchar), '|' order by cast(reference as varchar)),
                    ''
                ))
            from {{ ref(name) }} as reference
        )
        {%- endfor %}
        {%- for name in meta.get('item_inputs', []) %}
            {%- if item_changes_config(name).get('item_inputs') %},
        (select any_value(upstream.inputs_fingerprint) from {{ ref(name) }} as upstream)
            {%- endif %}
        {%- endfor %}
    ))
{%- endmacro %}


{#- An incremental build on a table that has the bookkeeping columns (a table built before
    they existed is rebuilt whole, once). -#}
{% macro item_changes_apply() -%}
    {%- set is_unit_test = model is mapping and model.get('resource_type') == 'unit_test' -%}
    {{ return(
        not is_unit_test and is_incremental() and 'inputs_fingerprint' in built_columns(this)
    ) }}
{%- endmacro %}


{% macro only_changed_items(column='item_id') -%}
    {%- if item_changes_apply() %}
        where {{ column }} in (select changed.item_id from {{ changed_items_table() }} as changed)
    {%- endif %}
{%- endmacro %}


{% macro replace_changed_items() -%}
    {%- if not item_changes_apply() -%}
        {%- if is_incremental() %}
        delete from {{ this }}
        {%- endif %}
    {%- else -%}
        {%- set meta = item_changes_config(this.identifier) -%}
        create or replace temporary table {{ changed_items_table() }} as
        with built as (
            select
                max(changed_at) as changed_at,
                any_value(inputs_fingerprint) as inputs_fingerprint
            from {{ this }}
        )
        select items.item_id
        from {{ ref('int_coverage__items') }} as items
        cross join built
        where
            built.changed_at is null
            or built.inputs_fingerprint is distinct from {{ inputs_fingerprint() }}
            or items.changed_at > built.changed_at
        {%- for name in meta.get('item_inputs', []) if name != 'int_coverage__items' %}
            union
            select upstream.item_id
            from {{ ref(name) }} as upstream
            where upstream.changed_at > (select built.changed_at from built)
        {%- endfor %};

        delete from {{ this }}
        where
            item_id in (select changed.item_id from {{ changed_items_table() }} as changed)
            or item_id not in (select items.item_id from {{ ref('int_coverage__items') }} as items)
    {%- endif -%}
{%- endmacro %}
