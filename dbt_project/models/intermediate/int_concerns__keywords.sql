-- One row per concern and keyword phrase, accent-folded (fold_text), as int_concerns__matches
-- looks for them in the items' titles and leads.

with

phrases as (

    select distinct
        concerns.concern_id,
        {{ fold_text('phrase.keyword') }} as keyword
    from {{ ref('int_concerns') }} as concerns
    cross join unnest(string_split(concerns.keywords, ';')) as phrase (keyword)

)

select
    concern_id,
    keyword,
    length(string_split(keyword, ' ')) as word_count
from phrases
where keyword <> ''
