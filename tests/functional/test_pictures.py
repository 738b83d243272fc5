"""Pictures on posts through the web form, on the pages, and in the Atom feed."""

import io
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import func, select

from microblog.media.storage import storage_from_settings
from microblog.models import Media, Post, conversation

from ..support import pictures
from ..support.factories import add_pictures, make_posts
from ..support.pictures import publish

ATOM = {"atom": "http://www.w3.org/2005/Atom"}


def count(dbsession, model):
    return dbsession.scalar(select(func.count()).select_from(model))


def test_the_post_form_offers_four_pictures_each_with_a_description(as_ana):
    form = as_ana.get("/").forms["homeview"]
    assert form.enctype == "multipart/form-data"
    assert len(form.fields["images"]) == 4
    page = as_ana.get("/").html
    for position in range(4):
        alt = page.select_one(f"input[name=alt_{position}]")
        label = page.select_one(f"label[for={alt['id']}]")
        assert f"Description of picture {position + 1}" in label.text
        assert page.select("input[name=images]")[position]["accept"] == (
            "image/jpeg,image/png,image/webp,image/gif"
        )


def test_a_post_with_pictures_shows_them_in_a_grid_with_their_descriptions(as_ana, app, dbsession):
    response = publish(
        as_ana,
        "Holiday pictures",
        [("beach.jpg", pictures.jpeg(800, 600, gps=True)), ("map.png", pictures.png(300, 600))],
        ["The beach at noon", "  A hand-drawn   map "],
    )
    assert response.status_int == 303
    post = dbsession.scalar(select(Post))
    assert [(m.description, m.position, m.width, m.height) for m in post.media] == [
        ("The beach at noon", 0, 800, 600),
        ("A hand-drawn map", 1, 300, 600),
    ]
    grid = response.follow().html.select_one(f"#post-{post.id} .post-media.count-2")
    links = grid.select("a.media-item")
    assert [link["data-width"] for link in links] == ["800", "300"]
    first = links[0].img
    assert first["alt"] == "The beach at noon" and first["loading"] == "lazy"
    assert (first["width"], first["height"]) == ("640", "480")
    storage = storage_from_settings(app.registry.settings)
    display = Image.open(io.BytesIO(storage.get(post.media[0].display_key)))
    assert display.size == (800, 600) and "exif" not in display.info


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("shell.jpg", pictures.PHP, "shell.jpg: This file is not a JPEG, PNG, WebP or GIF"),
        ("logo.svg", pictures.SVG_WITH_SCRIPT, "logo.svg: This file is not a JPEG"),
        ("cut.jpg", pictures.truncated(), "cut.jpg: This picture is damaged or incomplete."),
        ("bomb.png", pictures.bomb(), "bomb.png: This picture has too many pixels"),
    ],
)
def test_a_bad_file_is_refused_on_the_field_and_nothing_is_stored(
    as_ana, app, dbsession, name, data, message
):
    page = publish(as_ana, "Look at this", [("fine.png", pictures.png()), (name, data)])
    assert page.status_int == 200
    error = page.html.select_one(".invalid-feedback")
    assert error.text.strip().startswith(message)
    assert count(dbsession, Post) == count(dbsession, Media) == 0
    media_dir = Path(app.registry.settings["microblog.media_dir"])
    assert not list(media_dir.rglob("*.webp"))


def test_a_post_without_pictures_works_as_before(as_ana, dbsession):
    assert publish(as_ana, "Just words today").status_int == 303
    assert count(dbsession, Post) == 1 and count(dbsession, Media) == 0


def test_the_atom_feed_carries_the_pictures_as_enclosures(as_ana, testapp, dbsession):
    publish(as_ana, "With a picture", [("a.jpg", pictures.jpeg(200, 100))], ["Red and blue"])
    media = dbsession.scalar(select(Media))
    feed = ET.fromstring(testapp.get("/user/ana/feed.atom").body)
    (enclosure,) = feed.findall("atom:entry/atom:link[@rel='enclosure']", ATOM)
    assert enclosure.attrib == {
        "rel": "enclosure",
        "type": "image/webp",
        "length": str(media.size),
        "href": f"http://example.com/media/{media.display_key}",
        "title": "Red and blue",
    }
    picture = testapp.get(enclosure.attrib["href"].replace("http://example.com", ""))
    assert len(picture.body) == media.size  # public: feed readers sign in nowhere


def test_a_file_over_the_limit_is_refused_on_the_field_naming_the_limit(as_ana, dbsession):
    huge = pictures.jpeg() + b"\0" * (10 * 2**20)
    page = publish(as_ana, "Too big", [("huge.jpg", huge)])
    message = page.html.select_one(".invalid-feedback").text.strip()
    assert message == "huge.jpg: This file is larger than the limit of 10 MB."
    assert count(dbsession, Post) == 0


def test_a_description_with_control_characters_is_refused_on_the_field(as_ana, dbsession):
    page = publish(as_ana, "Look", [("a.png", pictures.png())], ["a\x00b"])
    assert page.status_int == 200
    error = page.html.select_one(".invalid-feedback").text.strip()
    assert error == "Control characters are not allowed here."
    assert count(dbsession, Post) == count(dbsession, Media) == 0


def test_a_reply_takes_pictures_as_a_post_does(as_ana, ana, bob, dbsession):
    question = make_posts(dbsession, bob, 1)[0]
    form = as_ana.get(f"/post/{question.id}/reply").forms["replyview"]
    assert form.enctype == "multipart/form-data"
    assert len(form.fields["images"]) == 4
    form["post"] = "@bob Here it is"
    form.fields["images"][0].value = ("here.jpg", pictures.jpeg(300, 200))
    form["alt_0"] = "The place"
    page = form.submit().follow()
    reply = dbsession.scalar(select(Post).where(Post.in_reply_to_id == question.id))
    assert [media.description for media in reply.media] == ["The place"]
    grid = page.html.select_one(f"#post-{reply.id} .post-media.count-1")
    assert grid.select_one("img")["alt"] == "The place"
    # and in the conversation of the post it answers
    shown = as_ana.get(f"/post/{question.id}").html.select_one(f"#post-{reply.id} .post-media")
    assert shown is not None


def test_a_post_of_pictures_alone_is_published_and_shown_without_a_text(as_ana, testapp, dbsession):
    response = publish(as_ana, "   ", [("cat.jpg", pictures.jpeg(300, 200))], ["A sleeping cat"])
    assert response.status_int == 303
    post = dbsession.scalar(select(Post))
    assert (post.body, post.language) == ("", "")
    for path in ("/", "/explore", "/user/ana", f"/post/{post.id}"):
        card = as_ana.get(path).html.select_one(f"#post-{post.id}")
        assert card.select_one(".post-body") is None
        assert card.select_one(".post-media img")["alt"] == "A sleeping cat"
        assert card.select_one(".translate-link") is None
    feed = ET.fromstring(testapp.get("/user/ana/feed.atom").body)
    (entry,) = feed.findall("atom:entry", ATOM)
    # the picture's description names the entry; there is no text to carry
    assert entry.find("atom:title", ATOM).text == "A sleeping cat"
    assert entry.find("atom:content", ATOM) is None
    assert entry.find("atom:link[@rel='enclosure']", ATOM) is not None


def test_an_undescribed_picture_alone_gets_a_feed_title_naming_its_author(
    as_ana, testapp, dbsession
):
    publish(as_ana, "", [("cat.jpg", pictures.jpeg())])
    feed = ET.fromstring(testapp.get("/user/ana/feed.atom").body)
    assert feed.find("atom:entry/atom:title", ATOM).text == "Pictures by ana"


def test_a_post_with_neither_text_nor_pictures_is_refused_on_the_text_field(as_ana, dbsession):
    page = publish(as_ana, "  ", [], ["A description without its picture"])
    assert page.status_int == 200
    assert "is-invalid" in page.html.select_one("textarea[name=post]")["class"]
    error = page.html.select_one(".invalid-feedback")
    assert error.text.strip() == "Write something, or add a picture."
    assert count(dbsession, Post) == count(dbsession, Media) == 0


def test_a_reply_of_pictures_alone_is_accepted(as_ana, bob, dbsession):
    question = make_posts(dbsession, bob, 1)[0]
    form = as_ana.get(f"/post/{question.id}/reply").forms["replyview"]
    form["post"] = ""
    form.fields["images"][0].value = ("answer.jpg", pictures.jpeg())
    assert form.submit().status_int == 303
    reply = dbsession.scalar(select(Post).where(Post.in_reply_to_id == question.id))
    assert reply.body == "" and len(reply.media) == 1


def test_a_reply_of_pictures_alone_is_named_so_in_the_notifications(as_ana, ana, bob, dbsession):
    (question,) = make_posts(dbsession, ana, 1)
    reply = conversation.publish(dbsession, bob, "", in_reply_to=question)
    add_pictures(dbsession, [reply], per_post=1)
    notice = as_ana.get("/notifications/all").html.select_one(".notification-reply")
    assert notice.select_one(".notification-post").text == "(pictures only)"


def test_the_text_of_a_post_with_pictures_may_be_removed_but_not_of_one_without(
    as_ana, ana, dbsession
):
    publish(as_ana, "A cat", [("cat.jpg", pictures.jpeg())])
    pictured = dbsession.scalar(select(Post))
    (words,) = make_posts(dbsession, ana, 1)
    form = as_ana.get(f"/post/{pictured.id}/edit").forms["editpostview"]
    form["post"] = ""
    assert form.submit().status_int == 303
    dbsession.refresh(pictured)
    assert pictured.body == ""
    form = as_ana.get(f"/post/{words.id}/edit").forms["editpostview"]
    form["post"] = " "
    page = form.submit()
    assert page.html.select_one(".invalid-feedback").text.strip() == "This field is required."
    dbsession.refresh(words)
    assert words.body.startswith("Post number")
    history = as_ana.get(f"/post/{pictured.id}/history").html
    assert history.select_one(".post-version .post-body").text == "A cat"
