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
    when the fingerprint differs or every item of int_coverage__items changed since (it was
    rebuilt whole). Items gone from int_coverage__items are deleted: int_coverage__items logs
    the items it removes, with when (int_coverage__items__removed), so a model finds the items
    removed since its own build in that short log instead of comparing its whole table with
    every item.

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


{% macro changed_items_state() -%}
    "{{ this.identifier }}__build_state"
{%- endmacro %}


{#- Where int_coverage__items logs the items it removes (item_id, removed_at: the stamp of the
    build that removed it). Not a model: int_coverage__items writes it in its post-hook. -#}
{% macro removed_items_relation() -%}
    {%- set name = 'int_coverage__items' -%}
    {%- set items = this if this.identifier == name else ref(name) -%}
    {{ return(items.incorporate(path={'identifier': name ~ '__removed'})) }}
{%- endmacro %}


{% macro create_removed_items_log() -%}
    create table if not exists {{ removed_items_relation() }} (
        item_id varchar,
        removed_at timestamp
    )
{%- endmacro %}


{#- int_coverage__items' post-hook: log, then delete, the items whose rows are gone. -#}
{% macro remove_gone_items() -%}
    {{ create_removed_items_log() }};

    insert into {{ removed_items_relation() }}
    select
        gone.item_id,
        {{ change_stamp() }} as removed_at
    from {{ this }} as gone
    where gone.item_id not in (
        select coverage.item_id from {{ ref('stg_inbox__coverage') }} as coverage
    );

    delete from {{ this }}
    where item_id in (
        select removed.item_id
        from {{ removed_items_relation() }} as removed
        where removed.removed_at = {{ change_stamp() }}
    )
{%- endmacro %}


{% macro replace_changed_items() -%}
    {%- if not item_changes_apply() -%}
        {%- if is_incremental() %}
        delete from {{ this }}
        {%- endif %}
    {%- else -%}
        {%- set meta = item_changes_config(this.identifier) -%}
        {{ create_removed_items_log() }};

        create or replace temporary table {{ changed_items_state() }} as
        select
            built.changed_at,
            coalesce(
                built.changed_at is null
                or built.inputs_fingerprint is distinct from {{ inputs_fingerprint() }}
                or (
                    select min(items.changed_at) from {{ ref('int_coverage__items') }} as items
                ) > built.changed_at,
                false
            ) as rebuild_all
        from (
            select
                max(changed_at) as changed_at,
                any_value(inputs_fingerprint) as inputs_fingerprint
            from {{ this }}
        ) as built;

        {#- An item int_coverage__items first wrote after this model's last build is new to
            this model too, which then has no rows of it: the rows of items it lost in between
            are deleted with the removed items. Only the other changed items are looked for in
            the model's table, a scan of every row, which a day of new items then skips. -#}
        {%- set first_built = 'first_built_at' in built_columns(ref('int_coverage__items')) %}
        create or replace temporary table {{ changed_items_table() }} as
        select
            changed.item_id,
            not bool_or(changed.is_new) as may_have_rows
        from (
            select
                items.item_id,
                {% if first_built -%}
                    coalesce(
                        not state.rebuild_all and items.first_built_at > state.changed_at, false
                    )
                {%- else -%}
                    false
                {%- endif %} as is_new
            from {{ ref('int_coverage__items') }} as items
            cross join {{ changed_items_state() }} as state
            where state.rebuild_all or items.changed_at > state.changed_at
            {%- for name in meta.get('item_inputs', []) if name != 'int_coverage__items' %}
                union all
                select
                    upstream.item_id,
                    false as is_new
                from {{ ref(name) }} as upstream
                where upstream.changed_at > (select state.changed_at from {{ changed_items_state() }} as state)
            {%- endfor %}
        ) as changed
        group by changed.item_id;

        delete from {{ this }}
        where (select state.rebuild_all from {{ changed_items_state() }} as state);

        delete from {{ this }}
        where item_id in (
            select changed.item_id
            from {{ changed_items_table() }} as changed
            where changed.may_have_rows
            union all
            select removed.item_id
            from {{ removed_items_relation() }} as removed
            where removed.removed_at > (select state.changed_at from {{ changed_items_state() }} as state)
        )
    {%- endif -%}
{%- endmacro %}
