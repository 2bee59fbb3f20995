"""What the search index holds: its two tantivy indexes and their fields.

`main` has one document per entry, in collection order. An entry's texts —
each keyword, the question, the answer — are indexed together in two fields:
as folded words (WORDS) and as their stems with the words' positions (STEMS,
positions for quoted phrases). Each text is a value of its own, so no phrase
runs from one into the next, and a keyword stands in the fields
REPEAT["keywords"] times, the question REPEAT["question"] times: BM25 over
the fields is then BM25F (Robertson and Zaragoza), field weights applied to
the term frequencies and the length before the saturation, not to the
scores after it — a word in a short title does not outweigh the same word
all through an answer. The question's words are also a field of their own
(QUESTION_WORDS: the words a query of the question would rank by, no
frequencies) with how many they are (QUESTION_TERMS), for the rule that an
entry whose question has exactly the query's words comes first: it holds them
all, and no more. A document's number in the
collection is a fast field, so a hit never reads tantivy's document store;
the id, the slug and the keywords (folded, whole) are terms, for `faq show N3`.

`lexicon` has one document per distinct word of the collection: the word, its
stem, the stem reversed and the word reversed (each as one term: a word's end
is found as the start of its reversal), the word's number in the words file,
and how many entries it stands in (POSTINGS).
"""

from __future__ import annotations

import tantivy

from innovasjon_faq.search import analysis

# A new FORMAT is never read by an old `faq`, nor an old one by a new `faq`.
FORMAT = 4

DOC, ID, SLUG, KEYWORD = "doc", "id", "slug", "keyword"
WORDS, STEMS, QUESTION_WORDS, QUESTION_TERMS = "w", "s", "q", "qn"
# How many times each text of an entry stands in WORDS and STEMS (its BM25F weight).
REPEAT = {"keywords": 3, "question": 2, "answer": 1}

LEX_WORD, LEX_STEM, LEX_REVERSED, LEX_REVERSED_WORD = "w", "s", "r", "v"
LEX_NUMBER, LEX_POSTINGS = "n", "p"


def main_schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_unsigned_field(DOC, fast=True, indexed=True)
    builder.add_unsigned_field(ID, indexed=True)
    builder.add_text_field(SLUG, tokenizer_name="raw", index_option="basic")
    builder.add_text_field(KEYWORD, tokenizer_name="raw", index_option="basic")
    builder.add_text_field(WORDS, tokenizer_name=analysis.WORDS, index_option="freq")
    builder.add_text_field(STEMS, tokenizer_name=analysis.STEMS, index_option="position")
    builder.add_text_field(QUESTION_WORDS, tokenizer_name=analysis.WORDS, index_option="basic")
    builder.add_unsigned_field(QUESTION_TERMS, indexed=True)
    return builder.build()


def lexicon_schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    for name in (LEX_WORD, LEX_STEM, LEX_REVERSED, LEX_REVERSED_WORD):
        builder.add_text_field(name, tokenizer_name="raw", index_option="basic")
    builder.add_unsigned_field(LEX_NUMBER, fast=True, indexed=False)
    builder.add_unsigned_field(LEX_POSTINGS, fast=True, indexed=False)
    return builder.build()
