"""Replies and threads on the site: answering, the conversation page, deleting, editing."""

from datetime import timedelta

from sqlalchemy import select

from microblog.models import Activity, Post, PostEdit, Tag, utcnow
from microblog.models.conversation import delete_post, edit, publish

from ..support.factories import login, make_posts, make_user
from .test_pages import inline_code


def reply_through_the_form(testapp, post, text):
    form = testapp.get(f"/post/{post.id}/reply").forms["replyview"]
    form["post"] = text
    return form.submit()


def bodies(page):
    return [p.text for p in page.html.select("article.post .post-body")]


def thread(testapp, post, page=None):
    return testapp.get(f"/post/{post.id}" + (f"?page={page}" if page else ""))


def test_a_reply_answers_the_post_and_opens_on_its_own_conversation(as_ana, ana, bob, dbsession):
    (question,) = make_posts(dbsession, bob, 1, body="Who likes Pyramid?")
    form = as_ana.get(f"/post/{question.id}/reply").forms["replyview"]
    assert form["post"].value == "@bob "  # answering someone starts by naming them
    form["post"] = "@bob I do, traversal is lovely"
    response = form.submit()
    reply = dbsession.scalar(select(Post).where(Post.in_reply_to_id == question.id))
    assert response.location == f"http://example.com/post/{reply.id}"
    page = response.follow()
    assert "Your reply is now live!" in page.text
    assert bodies(page) == ["Who likes Pyramid?", "@bob I do, traversal is lovely"]
    assert page.html.select_one("article.post-current")["id"] == f"post-{reply.id}"
    dbsession.refresh(question)
    assert question.reply_count == 1
    assert reply.user_id == ana.id


def test_replying_to_oneself_starts_with_an_empty_box(as_ana, ana, dbsession):
    (mine,) = make_posts(dbsession, ana, 1)
    assert as_ana.get(f"/post/{mine.id}/reply").forms["replyview"]["post"].value == ""


def test_a_bad_reply_is_refused_on_the_field_and_nothing_is_written(as_ana, bob, dbsession):
    (question,) = make_posts(dbsession, bob, 1)
    for text, message in (("  ", "Write something, or add a picture."), ("x" * 141, "at most 140")):
        page = reply_through_the_form(as_ana, question, text)
        assert page.status_int == 200
        assert message in page.html.select_one(".invalid-feedback").text
    dbsession.refresh(question)
    assert question.reply_count == 0


def test_replying_to_an_unknown_or_deleted_post_is_not_found(as_ana, ana, bob, dbsession):
    as_ana.get("/post/999999/reply", status=404)
    (answered,) = make_posts(dbsession, bob, 1)
    publish(dbsession, ana, "an answer", in_reply_to=answered)
    delete_post(dbsession, answered)  # kept as a tombstone, for the answer's sake
    as_ana.get(f"/post/{answered.id}/reply", status=404)
    csrf = as_ana.get("/").html.select_one("meta[name=csrf-token]")["content"]
    as_ana.post(f"/post/{answered.id}/reply", {"post": "hello?", "csrf_token": csrf}, status=404)
    as_ana.post(f"/post/{answered.id}/like", {"csrf_token": csrf}, status=404)


def test_the_conversation_shows_ancestors_above_and_replies_below_in_reading_order(
    as_ana, ana, bob, dbsession
):
    start = utcnow() - timedelta(hours=1)
    root = Post(body="root", author=bob, timestamp=start)
    dbsession.add(root)
    dbsession.flush()
    first = publish(dbsession, ana, "first answer", in_reply_to=root)
    middle = publish(dbsession, bob, "answer to the first", in_reply_to=first)
    publish(dbsession, ana, "second answer", in_reply_to=root)
    publish(dbsession, ana, "deeper still", in_reply_to=middle)
    page = thread(as_ana, middle)
    assert bodies(page) == ["root", "first answer", "answer to the first", "deeper still"]
    page = thread(as_ana, root)
    assert bodies(page) == [
        "root",
        "first answer",
        "answer to the first",
        "deeper still",
        "second answer",
    ]
    # each answer below the post shows how deep it is
    depths = [
        next((c for c in article["class"] if c.startswith("reply-depth-")), None)
        for article in page.html.select(".conversation-replies article.post")
    ]
    assert depths == [None, "reply-depth-1", "reply-depth-2", None]


def test_long_threads_are_paginated(as_ana, ana, bob, dbsession, app_settings):
    (root,) = make_posts(dbsession, bob, 1, body="root")
    for i in range(27):
        publish(dbsession, ana, f"answer {i}", in_reply_to=root)
    first = thread(as_ana, root)
    assert bodies(first) == ["root"] + [f"answer {i}" for i in range(25)]
    later = first.html.select_one(".conversation-replies a[rel=next]")["href"]
    second = as_ana.get(later)
    assert bodies(second) == ["root", "answer 25", "answer 26"]
    assert second.html.select_one(".conversation-replies a[rel=next]") is None


def test_a_reply_in_a_timeline_says_whom_it_answers(as_ana, ana, bob, dbsession):
    (question,) = make_posts(dbsession, bob, 1)
    reply = publish(dbsession, ana, "my answer", in_reply_to=question)
    card = as_ana.get("/").html.select_one(f"#post-{reply.id}")
    link = card.select_one(".replying-to a")
    assert link.text == "@bob" and link["href"] == f"http://example.com/post/{question.id}"


def test_deleting_a_post_keeps_its_replies_readable(as_ana, ana, bob, dbsession, testapp):
    question = publish(dbsession, ana, "#python secret text")
    answer = publish(dbsession, bob, "@ana an answer", in_reply_to=question)
    page = as_ana.get(f"/post/{question.id}")
    delete_form = next(
        form for form in page.forms.values() if form.action.endswith(f"/post/{question.id}/delete")
    )
    delete_form.submit()
    page = thread(as_ana, answer)
    tombstone = page.html.select_one(f"#post-{question.id}")
    assert "This post was deleted." in tombstone.text
    assert "secret" not in page.text
    assert bodies(page) == ["@ana an answer"]
    assert "Replying to a deleted post" in page.html.select_one(f"#post-{answer.id}").text
    # it is gone from every list, its text and its tags with it
    assert "secret" not in as_ana.get("/explore").text
    assert "secret" not in as_ana.get("/user/ana").text
    assert dbsession.scalar(select(Post.body).where(Post.id == question.id)) == ""
    assert dbsession.scalar(select(Tag).where(Tag.name == "python")) is not None
    assert as_ana.get("/tag/python").html.select("article.post") == []
    # its conversation page still opens, and nothing can be done to it
    assert "This post was deleted." in thread(as_ana, question).text
    as_ana.get(f"/post/{question.id}/edit", status=404)


def test_removing_the_last_reply_to_a_deleted_post_removes_it_for_good(ana, bob, dbsession):
    (question,) = make_posts(dbsession, ana, 1)
    answer = publish(dbsession, bob, "an answer", in_reply_to=question)
    delete_post(dbsession, question)
    assert dbsession.get(Post, question.id).deleted
    delete_post(dbsession, answer)
    dbsession.expire_all()
    assert dbsession.get(Post, question.id) is None


def test_a_deleted_reply_leaves_the_count(as_ana, ana, bob, dbsession):
    (question,) = make_posts(dbsession, bob, 1)
    answer = publish(dbsession, ana, "an answer", in_reply_to=question)
    dbsession.refresh(question)
    assert question.reply_count == 1
    delete_post(dbsession, answer)
    dbsession.refresh(question)
    assert question.reply_count == 0
    assert thread(as_ana, question).html.select(".conversation-replies article") == []


# editing ----------------------------------------------------------------------------------
def test_an_author_edits_a_post_and_its_earlier_version_is_kept(as_ana, ana, dbsession):
    post = publish(dbsession, ana, "I love #pyramid, a lot, truly")
    form = as_ana.get(f"/post/{post.id}/edit").forms["editpostview"]
    assert form["post"].value == "I love #pyramid, a lot, truly"
    form["post"] = "Me encanta #Flask, de verdad, mucho más"
    page = form.submit().follow()
    assert "Your post has been updated." in page.text
    card = page.html.select_one("article.post-current")
    assert card.select_one(".post-body").text == "Me encanta #Flask, de verdad, mucho más"
    history_link = card.select_one("a.edited-link")
    assert history_link.text == "edited"
    history = as_ana.get(history_link["href"])
    assert [v.text for v in history.html.select(".post-version .post-body")] == [
        "I love #pyramid, a lot, truly"
    ]
    dbsession.refresh(post)
    assert post.edited_at is not None
    assert post.language == "es"  # the language follows the text
    assert bodies(as_ana.get("/tag/flask")) == ["Me encanta #Flask, de verdad, mucho más"]
    assert bodies(as_ana.get("/tag/pyramid")) == []
    assert [e.body for e in dbsession.scalars(select(PostEdit))] == [
        "I love #pyramid, a lot, truly"
    ]


def test_an_unchanged_edit_keeps_no_version(as_ana, ana, dbsession):
    post = publish(dbsession, ana, "never changes")
    form = as_ana.get(f"/post/{post.id}/edit").forms["editpostview"]
    form.submit()
    assert dbsession.scalars(select(PostEdit)).all() == []
    assert "This post has not been edited." in as_ana.get(f"/post/{post.id}/history").text


def test_an_edit_of_141_characters_is_refused_on_the_field(as_ana, ana, dbsession):
    post = publish(dbsession, ana, "short")
    form = as_ana.get(f"/post/{post.id}/edit").forms["editpostview"]
    form["post"] = "x" * 141
    page = form.submit()
    assert page.status_int == 200
    assert "Must be at most 140 characters long." in page.html.select_one(".invalid-feedback").text
    dbsession.refresh(post)
    assert post.body == "short" and post.edited_at is None


def test_only_the_author_may_edit_or_delete(testapp, ana, bob, dbsession):
    (post,) = make_posts(dbsession, ana, 1)
    login(testapp, "bob")
    testapp.get(f"/post/{post.id}/edit", status=403)
    csrf = testapp.get("/").html.select_one("meta[name=csrf-token]")["content"]
    testapp.post(f"/post/{post.id}/edit", {"post": "hijacked", "csrf_token": csrf}, status=403)
    testapp.post(f"/post/{post.id}/delete", {"csrf_token": csrf}, status=403)
    card = testapp.get(f"/post/{post.id}").html.select_one("article.post-current")
    assert card.select_one("a.edit-link") is None
    assert "Delete" not in card.text
    dbsession.refresh(post)
    assert post.body == "Post number 0 by ana"


def test_a_mention_added_by_an_edit_is_notified_once(ana, bob, dbsession):
    carol = make_user(dbsession, "carol")
    post = publish(dbsession, ana, "hello @bob")
    edit(dbsession, post, "hello @bob and @carol")
    edit(dbsession, post, "hello @bob and @carol!")
    mentions = dbsession.execute(
        select(Activity.user_id).where(Activity.kind == "mention", Activity.post_id == post.id)
    ).scalars()
    assert sorted(mentions) == sorted([bob.id, carol.id])


def test_the_conversation_pages_hold_no_inline_code(as_ana, ana, bob, dbsession):
    question = publish(dbsession, bob, "<script>alert(1)</script> #tag @ana https://x.org")
    answer = publish(dbsession, ana, "an answer", in_reply_to=question)
    edit(dbsession, answer, "an edited answer")
    for path in ("", "/reply", "/history"):
        page = as_ana.get(f"/post/{question.id}{path}")
        assert inline_code(page.html) == [], path
    assert inline_code(as_ana.get(f"/post/{answer.id}/edit").html) == []
    delete_post(dbsession, question)
    assert inline_code(as_ana.get(f"/post/{question.id}").html) == []
