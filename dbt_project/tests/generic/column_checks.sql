{#- The value checks of a model's columns in one test: not_null, unique, not_negative,
    accepted_values and relationships (NULLs pass these four, as dbt's own tests),
    unique_combination (lists of columns whose values together are unique, NULLs comparing
    equal), one dbt node per model and severity instead of one per column and check (each node
    is a fixed cost of the build).
    relationships lists {column, to, field[, where]}: every non-NULL value of `column` (in the
    rows `where` keeps) is a value of `field` in `to` (a ref), as dbt's relationships test.
    A failing row names the column, the check, the offending value (NULL for not_null) and how
    many rows carry it; the failure count is the number of rows at fault, as dbt's not_null
    counts them. -#}
{% test column_checks(
    model,
    not_null=[],
    unique=[],
    not_negative=[],
    accepted_values={},
    unique_combination=[],
    relationships=[]
) %}

    {{ config(fail_calc='coalesce(sum(failing_rows), 0)') }}

    {%- set parts = [] -%}
    {%- for column in not_null -%}
        {%- do parts.append(
            "select '" ~ column ~ "' as column_name, 'not_null' as failed_check, "
            ~ "cast(null as varchar) as failing_value, count(*) as failing_rows from "
            ~ model ~ " where " ~ column ~ " is null having count(*) > 0"
        ) -%}
    {%- endfor -%}
    {%- for column in unique -%}
        {%- do parts.append(
            "select '" ~ column ~ "' as column_name, 'unique' as failed_check, cast("
            ~ column ~ " as varchar) as failing_value, count(*) as failing_rows from "
            ~ model ~ " where " ~ column ~ " is not null group by " ~ column
            ~ " having count(*) > 1"
        ) -%}
    {%- endfor -%}
    {%- for column in not_negative -%}
        {%- do parts.append(
            "select '" ~ column ~ "' as column_name, 'not_negative' as failed_check, cast("
            ~ column ~ " as varchar) as failing_value, count(*) as failing_rows from "
            ~ model ~ " where " ~ column ~ " < 0 group by " ~ column
        ) -%}
    {%- endfor -%}
    {%- for column, values in accepted_values.items() -%}
        {%- set listed = [] -%}
        {%- for value in values -%}
            {%- do listed.append("'" ~ (value | string | replace("'", "''")) ~ "'") -%}
        {%- endfor -%}
        {%- do parts.append(
            "select '" ~ column ~ "' as column_name, 'accepted_values' as failed_check, cast("
            ~ column ~ " as varchar) as failing_value, count(*) as failing_rows from "
            ~ model ~ " where cast(" ~ column ~ " as varchar) not in ("
            ~ listed | join(", ") ~ ") group by " ~ column
        ) -%}
    {%- endfor -%}
    {%- for combination in unique_combination -%}
        {%- set values = [] -%}
        {%- for column in combination -%}
            {%- do values.append("coalesce(cast(" ~ column ~ " as varchar), 'NULL')") -%}
        {%- endfor -%}
        {%- do parts.append(
            "select '" ~ combination | join(", ") ~ "' as column_name, "
            ~ "'unique_combination' as failed_check, concat_ws(' | ', " ~ values | join(", ")
            ~ ") as failing_value, count(*) as failing_rows from " ~ model ~ " group by "
            ~ combination | join(", ") ~ " having count(*) > 1"
        ) -%}
    {%- endfor -%}
    {%- for check in relationships -%}
        {%- set rows = "(select * from " ~ model ~ " where " ~ check.where ~ ")"
            if check.where else model -%}
        {%- do parts.append(
            "select '" ~ check.column ~ "' as column_name, 'relationships' as failed_check, "
            ~ "cast(child." ~ check.column ~ " as varchar) as failing_value, "
            ~ "count(*) as failing_rows from " ~ rows ~ " as child where child." ~ check.column
            ~ " is not null and not exists (select 1 from " ~ check.to ~ " as parent where parent."
            ~ check.field ~ " = child." ~ check.column ~ ") group by child." ~ check.column
        ) -%}
    {%- endfor %}

    {{ parts | join("\nunion all\n") }}

{% endtest %}
