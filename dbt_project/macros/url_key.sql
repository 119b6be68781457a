{#- The URL an item is identified by, as ingestion keys items (normalise.url_key_expr): scheme
    and host in lower case, no fragment, no trailing slash. -#}
{% macro url_key(expression) -%}
    lower(regexp_extract(trim({{ expression }}), '^([A-Za-z]+://[^/?#]+)', 1))
    || regexp_replace(
        regexp_extract(trim({{ expression }}), '^[A-Za-z]+://[^/?#]+([^#]*)', 1), '/+$', ''
    )
{%- endmacro %}
