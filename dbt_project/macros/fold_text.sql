{#- Accent-folded, lower-case text with punctuation turned into single spaces:
    'Hải Phòng: Đại hội Đảng bộ!' -> 'hai phong dai hoi dang bo'.
    strip_accents() leaves đ alone, so it is replaced first. -#}
{% macro fold_text(expression) -%}
    trim(regexp_replace(strip_accents(replace(lower({{ expression }}), 'đ', 'd')), '[^a-z0-9]+', ' ', 'g'))
{%- endmacro %}
