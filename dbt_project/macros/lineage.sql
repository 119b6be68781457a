{#- The lineage every staged inbox row keeps (ingestion's lineage columns under the names the
    models use): the file, sheet and row it was read from, and when it was loaded. -#}
{% macro lineage_columns() -%}
    _source_file as source_file,
        _sheet as source_sheet,
        _row_number as source_row_number,
        _loaded_at as loaded_at
{%- endmacro %}
