"""Tags, mentions and links found in a post's plain text, and its rendering as HTML."""

import pytest

from microblog.richtext import mentioned_names, render, tag_names, tokens


def html(body, known=()):
    return str(render(body, lambda name: f"/tag/{name}", lambda user: f"/user/{user}", known))


@pytest.mark.parametrize(
    "body, tags",
    [
        ("I love #Python and #python", ["python"]),
        ("#café au lait, #日本", ["café", "日本"]),
        ("foo#bar is not a tag, nor is C#", []),
        ("issue #1 is a number, #1st is a tag", ["1st"]),
        ("https://example.com/page#section is a link", []),
        ("&#39; and a#b and @#x", []),
        ("#" + "x" * 65 + " is too long, #" + "y" * 64 + " is not", ["y" * 64]),
    ],
)
def test_tags_are_words_after_a_hash_with_a_letter(body, tags):
    assert tag_names(body) == tags


@pytest.mark.parametrize(
    "body, names",
    [
        ("Hi @ana and @Bob_2!", ["ana", "Bob_2"]),
        ("thanks @ana.", ["ana"]),
        ("@ana.b-c said so", ["ana.b-c"]),
        ("write to ana@example.com or @ana@elsewhere", []),
        ("see https://example.com/@ana for more", []),
        ("@@ana and x@ana", []),
        ("@ana @ana", ["ana"]),
    ],
)
def test_mentions_are_usernames_after_an_at_sign_outside_words(body, names):
    assert mentioned_names(body) == names


def test_the_pieces_put_back_together_are_the_text():
    body = "Hey @ana, see https://x.org/a_(b)). #Tag <b>bold</b> & more"
    assert "".join(token.text for token in tokens(body)) == body


def test_html_in_a_body_is_escaped_and_never_becomes_markup():
    rendered = html('<script>alert("x")</script> <a href="javascript:evil()">#tag</a>')
    assert "<script>" not in rendered and '<a href="javascript' not in rendered
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in rendered


def test_links_tags_and_known_mentions_become_links():
    rendered = html("Hi @ana and @nobody: #Py at https://x.org/?a=1&b=2.", known={"ana"})
    assert '<a href="/user/ana" class="mention user-link">@ana</a>' in rendered
    assert "@nobody" in rendered and "/user/nobody" not in rendered
    assert '<a href="/tag/py" class="hashtag">#Py</a>' in rendered
    assert (
        '<a href="https://x.org/?a=1&amp;b=2" rel="nofollow noopener ugc">'
        "https://x.org/?a=1&amp;b=2</a>." in rendered
    )


def test_a_mention_in_another_case_links_to_the_user_as_named():
    assert '<a href="/user/Ana"' in html("cc @ana", known={"Ana"})


def test_a_link_keeps_the_parentheses_it_opened():
    assert 'href="https://en.wikipedia.org/wiki/Pyramid_(web)"' in html(
        "(see https://en.wikipedia.org/wiki/Pyramid_(web))"
    )


def test_only_http_links_are_links():
    rendered = html("javascript:alert(1) ftp://x.org data:text/html,hi")
    assert "<a" not in rendered
