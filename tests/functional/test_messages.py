"""Private messages: the form, the inbox, the unread badge, and who may see what."""

import pytest
from sqlalchemy import select

from microblog.models import Message, Notification

from ..support.factories import login, make_messages, make_user
from ..support.queries import count_queries


def send(testapp, username, body, status=303):
    form = testapp.get(f"/user/{username}/message").forms["sendmessageview"]
    form["message"] = body
    return form.submit("submit", status=status)


def badge(page):
    element = page.html.find(id="message-count")
    return element.find(class_="message-count-number").text, "invisible" in element["class"]


def sign_in_as(testapp, username):
    testapp.reset()
    login(testapp, username)
    return testapp


def test_a_sent_message_reaches_the_recipients_inbox(as_ana, bob, dbsession):
    response = send(as_ana, "bob", "Hello Bob, <b>private</b> & friendly")
    assert response.location == "http://example.com/user/bob"
    assert "Your message has been sent." in response.follow().text

    stored = dbsession.scalars(select(Message)).one()
    assert (stored.recipient_id, stored.body) == (bob.id, "Hello Bob, <b>private</b> & friendly")

    inbox = sign_in_as(as_ana, "bob").get("/messages")
    article = inbox.html.select_one("article.message")
    assert article.select_one(".message-body").text == "Hello Bob, <b>private</b> & friendly"
    assert "&lt;b&gt;private&lt;/b&gt;" in inbox.text
    assert article.select_one("a.user-link").text == "ana"
    assert article.select_one("a.reply-link")["href"] == "http://example.com/user/ana/message"


def test_the_inbox_shows_the_senders_avatar_and_links_to_a_reply(as_ana, ana, dbsession):
    carol = make_user(dbsession, "carol")
    make_messages(dbsession, carol, ana, 1)

    inbox = as_ana.get("/messages")
    article = inbox.html.select_one("article.message")
    assert article.select_one("img")["src"] == f"http://example.com/avatar/{carol.id}.svg?v=1"
    reply = inbox.click(href="/user/carol/message")
    assert "message" in reply.forms["sendmessageview"].fields
    assert "Send Message to carol" in reply.text


def test_unread_count_rises_with_each_message_and_resets_when_the_inbox_is_opened(
    testapp, ana, bob
):
    login(testapp, "bob")
    assert badge(testapp.get("/explore")) == ("0", True)
    send(testapp, "ana", "one")
    send(testapp, "ana", "two")

    sign_in_as(testapp, "ana")
    assert badge(testapp.get("/explore")) == ("2", False)
    assert ana.unread_message_count() == 2
    notes = testapp.get("/notifications", headers={"Accept": "application/json"}).json
    assert [(n["name"], n["data"]) for n in notes] == [("unread_message_count", 2)]

    inbox = testapp.get("/messages")
    assert badge(inbox) == ("0", True)
    assert len(inbox.html.select("article.message-unread")) == 2
    assert ana.unread_message_count() == 0
    notes = testapp.get("/notifications").json
    assert [(n["name"], n["data"]) for n in notes] == [("unread_message_count", 0)]

    # read messages are no longer marked as new
    assert not testapp.get("/messages").html.select("article.message-unread")
    assert badge(testapp.get("/explore")) == ("0", True)


def test_the_badge_tells_screen_readers_what_the_number_means(as_ana):
    element = as_ana.get("/").html.find(id="message-count")
    assert element.select_one(".visually-hidden").text.strip() == "unread"


def test_the_inbox_lists_newest_first_and_paginates(as_ana, ana, bob, dbsession):
    make_messages(dbsession, bob, ana, 30)
    first = as_ana.get("/messages")
    bodies = [p.text for p in first.html.select(".message-body")]
    assert bodies == [f"Message {i}" for i in range(29, 4, -1)]
    older = first.html.select_one("a[rel=next]")
    assert "Older messages" in older.text
    # the next page starts after the last message shown, wherever that is by then
    assert older["href"].startswith("http://example.com/messages?page=2&before=")

    second = first.click(href="page=2")
    bodies = [p.text for p in second.html.select(".message-body")]
    assert bodies == [f"Message {i}" for i in range(4, -1, -1)]
    newer = second.html.select_one("a[rel=prev]")
    assert "Newer messages" in newer.text
    assert newer["href"] == "http://example.com/messages"
    assert second.html.select_one("a[rel=next]") is None


def test_a_message_to_an_unknown_user_is_not_found(as_ana):
    as_ana.get("/user/nobody/message", status=404)
    token = as_ana.get("/").html.find("meta", attrs={"name": "csrf-token"})["content"]
    as_ana.post("/user/nobody/message", {"message": "hi", "csrf_token": token}, status=404)


@pytest.mark.parametrize("body", ["", "    "])
def test_an_empty_message_is_refused_on_the_field(as_ana, bob, dbsession, body):
    page = send(as_ana, "bob", body, status=200)
    assert "This field is required." in page.text
    assert page.html.select_one("textarea[name=message].is-invalid")
    assert dbsession.scalars(select(Message)).all() == []


def test_a_message_over_140_characters_is_refused_on_the_field(as_ana, bob, dbsession):
    page = send(as_ana, "bob", "x" * 141, status=200)
    assert "Must be at most 140 characters long." in page.text
    assert page.html.select_one("textarea[name=message].is-invalid")
    assert dbsession.scalars(select(Message)).all() == []

    send(as_ana, "bob", "x" * 140)
    assert dbsession.scalars(select(Message.body)).one() == "x" * 140


def test_nobody_can_message_themself(as_ana, dbsession):
    as_ana.get("/user/ana/message", status=403)
    token = as_ana.get("/").html.find("meta", attrs={"name": "csrf-token"})["content"]
    as_ana.post("/user/ana/message", {"message": "note to self", "csrf_token": token}, status=403)
    assert dbsession.scalars(select(Message)).all() == []


def test_a_message_without_the_csrf_token_is_refused(as_ana, bob, dbsession):
    as_ana.post("/user/bob/message", {"message": "forged"}, status=400)
    assert dbsession.scalars(select(Message)).all() == []


def test_nobody_reads_another_users_messages(testapp, ana, bob, dbsession):
    make_user(dbsession, "carol")
    login(testapp, "ana")
    send(testapp, "bob", "for bob's eyes only")

    # neither the sender's inbox nor a third user's shows it
    assert not testapp.get("/messages").html.select("article.message")
    sign_in_as(testapp, "carol")
    assert testapp.get("/notifications").json == []
    assert not testapp.get("/messages").html.select("article.message")

    bob_inbox = sign_in_as(testapp, "bob").get("/messages")
    assert [p.text for p in bob_inbox.html.select(".message-body")] == ["for bob's eyes only"]


def test_anonymous_visitors_are_sent_to_sign_in(testapp, bob):
    assert (
        testapp.get("/messages", status=303).location == "http://example.com/login?next=%2Fmessages"
    )
    assert (
        testapp.get("/user/bob/message", status=303).location
        == "http://example.com/login?next=%2Fuser%2Fbob%2Fmessage"
    )


def test_the_profile_offers_a_message_button_to_other_users_only(as_ana, bob):
    other = as_ana.get("/user/bob")
    button = other.html.find("a", string="Send private message")
    assert button["href"] == "http://example.com/user/bob/message"
    assert other.click(href="/user/bob/message").forms["sendmessageview"]
    assert as_ana.get("/user/ana").html.find("a", string="Send private message") is None


def test_the_navbar_links_to_the_inbox(as_ana):
    link = as_ana.get("/").html.find("a", href="http://example.com/messages")
    assert link.text.split()[0] == "Messages"


def test_the_inbox_runs_a_fixed_number_of_queries(
    as_ana, ana, dbsession, engine, visits_already_noted
):
    def queries():
        # warm up (the session's row, the new messages marked read, the counts refreshed),
        # as every later request finds them: then the page as it is seen again
        as_ana.get("/messages")
        with count_queries(engine) as statements:
            as_ana.get("/messages")
        return len(statements)

    make_messages(dbsession, make_user(dbsession), ana, 1)
    few = queries()
    for _ in range(6):
        make_messages(dbsession, make_user(dbsession), ana, 2)
    assert queries() == few


def test_sending_replaces_the_recipients_count_notification(as_ana, bob, dbsession):
    send(as_ana, "bob", "one")
    send(as_ana, "bob", "two")
    rows = dbsession.scalars(select(Notification).where(Notification.user_id == bob.id)).all()
    assert [(n.name, n.get_data()) for n in rows] == [("unread_message_count", 2)]


def test_the_messages_pages_speak_spanish(as_ana, bob):
    spanish = {"Accept-Language": "es"}
    inbox = as_ana.get("/messages", headers=spanish)
    assert "Todavía no tienes mensajes." in inbox.text
    assert "sin leer" in inbox.html.find(id="message-count").text
    form_page = as_ana.get("/user/bob/message", headers=spanish)
    assert form_page.html.h1.text == "Enviar un mensaje a bob"
    assert "Enviar mensaje privado" in as_ana.get("/user/bob", headers=spanish).text
