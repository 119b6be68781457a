-- One row per concern and keyword phrase, accent-folded, with the phrase's anchor: its longest
-- word (the first of equals), which is the rarest one as a rule. Items are joined to concerns
-- on the anchor and only then checked for the whole phrase (int_concerns__matches), so the
-- cost follows the items that share a word with a phrase, not items x concerns.

with

phrases as (

    select distinct
        concerns.concern_id,
        {{ fold_text('phrase.keyword') }} as keyword
    from {{ ref('int_concerns') }} as concerns
    cross join unnest(string_split(concerns.keywords, ';')) as phrase (keyword)

),

words as (

    select
        phrases.concern_id,
        phrases.keyword,
        word.token,
        word.position
    from phrases
    cross join
        unnest(string_split(phrases.keyword, ' '))
        with ordinality as word (token, position)
    where phrases.keyword <> ''

)

select
    concern_id,
    keyword,
    arg_max(token, length(token) * 1000 - position) as anchor_token,
    count(*) as word_count
from words
group by concern_id, keyword
