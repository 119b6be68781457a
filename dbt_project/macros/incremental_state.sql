{#- The columns an incremental model's table has now: a table built before a column was added
    is rebuilt whole once, instead of comparing against a column it does not have. -#}
{% macro built_columns(relation) -%}
    {%- if not execute -%}
        {{ return([]) }}
    {%- endif -%}
    {{ return(adapter.get_columns_in_relation(relation) | map(attribute='name') | list) }}
{%- endmacro %}
