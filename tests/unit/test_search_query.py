"""How query text is cleaned and read, before any backend sees it."""

from whoosh import query

from microblog.services.search import MAX_QUERY_LENGTH, clean_query
from microblog.services.search_whoosh import make_parser, make_schema

PARSER = make_parser(make_schema())


def test_queries_lose_control_characters_and_extra_spaces():
    assert clean_query(" \x00python\t\n  pyramid\x7f ") == "python pyramid"
    assert clean_query(None) == ""


def test_queries_are_cut_to_a_length_no_post_needs():
    assert len(clean_query("y" * 5000)) == MAX_QUERY_LENGTH


def test_whoosh_reads_the_syntax_of_postgresql_web_search():
    assert PARSER.parse("red wine") == query.And(
        [query.Term("body", "red"), query.Term("body", "wine")]
    )
    assert PARSER.parse('"red wine"') == query.Phrase("body", ["red", "wine"])
    assert PARSER.parse("red or wine") == query.Or(
        [query.Term("body", "red"), query.Term("body", "wine")]
    )
    assert PARSER.parse("red -wine") == query.AndNot(
        query.Term("body", "red"), query.Term("body", "wine")
    )


def test_whoosh_stems_words_as_postgresql_does():
    assert PARSER.parse("running") == query.Term("body", "run")
    assert PARSER.parse("Hedgehogs") == query.Term("body", "hedgehog")


def test_no_query_reads_another_field_or_matches_every_post():
    for text in ("id:3", "*", "cat*", "[a TO z]", "body:cat^9"):
        parsed = PARSER.parse(text)
        assert "id" not in {field for field, _ in parsed.iter_all_terms()}, text
        assert not any(
            isinstance(node, (query.Every, query.Wildcard, query.Prefix, query.TermRange))
            for node in parsed.leaves()
        ), text
