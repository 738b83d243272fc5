"""In a real browser: like and repost in place (and as plain forms without scripts), a
conversation held through the reply form, and the bell lighting up live."""

from playwright.sync_api import expect

from microblog.models import User
from microblog.models.conversation import publish

from .conftest import PASSWORD, sign_in
from .test_social import polling_every


def add_post(server, username, body):
    with server.session() as session:
        post = publish(session, session.get(User, server.user_id(username)), body)
        session.commit()
        return post


def card(page, post):
    return page.locator(f"#post-{post.id}")


def test_like_and_repost_change_in_place_without_a_reload(live_server, page):
    live_server.create_user("ana", PASSWORD)
    live_server.create_user("bob", PASSWORD)
    post = add_post(live_server, "bob", "Sunny day for a ride")
    sign_in(page, live_server, "ana")
    page.goto(f"{live_server.url}/explore")
    page.evaluate("window.notReloaded = true")
    like = card(page, post).locator("button.like-button")
    repost = card(page, post).locator("button.repost-button")
    expect(like).to_have_attribute("aria-pressed", "false")

    like.click()
    expect(like).to_have_attribute("aria-pressed", "true")
    expect(like.locator(".like-count")).to_have_text("1")
    repost.click()
    expect(repost).to_have_attribute("aria-pressed", "true")
    expect(repost.locator(".repost-count")).to_have_text("1")
    assert page.evaluate("window.notReloaded") is True
    # the buttons now undo, still in place
    like.click()
    expect(like).to_have_attribute("aria-pressed", "false")
    expect(like.locator(".like-count")).to_have_text("0")
    assert page.evaluate("window.notReloaded") is True

    page.reload()
    expect(card(page, post).locator("button.like-button")).to_have_attribute(
        "aria-pressed", "false"
    )
    expect(card(page, post).locator("button.repost-button")).to_have_attribute(
        "aria-pressed", "true"
    )


def test_without_scripts_the_buttons_are_forms_that_come_back_to_the_post(live_server, browser):
    live_server.create_user("ana", PASSWORD)
    live_server.create_user("bob", PASSWORD)
    post = add_post(live_server, "bob", "Posted for people without scripts")
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        sign_in(page, live_server, "ana")
        page.goto(f"{live_server.url}/explore")
        card(page, post).locator("button.like-button").click()
        page.wait_for_url(f"{live_server.url}/explore#post-{post.id}")
        expect(page.locator(".alert-success")).to_contain_text("You like this post.")
        like = card(page, post).locator("button.like-button")
        expect(like).to_have_attribute("aria-pressed", "true")
        expect(like.locator(".like-count")).to_have_text("1")
        card(page, post).locator("button.repost-button").click()
        expect(page.locator(".alert-success")).to_contain_text("You reposted this post.")
        expect(card(page, post).locator(".repost-count")).to_have_text("1")
    finally:
        context.close()


def test_two_people_hold_a_conversation_through_the_reply_form(live_server, new_page):
    live_server.create_user("ana", PASSWORD)
    live_server.create_user("bob", PASSWORD)
    question = add_post(live_server, "ana", "Which is the best #pyramid tutorial?")
    bob = new_page()
    sign_in(bob, live_server, "bob")
    bob.goto(f"{live_server.url}/post/{question.id}")
    card(bob, question).get_by_role("link", name="Reply").click()
    expect(bob.locator("textarea[name=post]")).to_have_value("@ana ")
    bob.fill("textarea[name=post]", "@ana the official one, then the #pyramid cookbook")
    bob.click("#replyviewsubmit")
    expect(bob.locator(".alert-success")).to_contain_text("Your reply is now live!")
    expect(bob.locator("article.post-current .post-body")).to_have_text(
        "@ana the official one, then the #pyramid cookbook"
    )
    expect(bob.locator(".conversation-ancestors .post-body")).to_have_text(
        ["Which is the best #pyramid tutorial?"]
    )

    ana = new_page()
    sign_in(ana, live_server, "ana")
    ana.goto(f"{live_server.url}/post/{question.id}")
    replies = ana.locator(".conversation-replies article.post")
    expect(replies).to_have_count(1)
    replies.first.get_by_role("link", name="Reply").click()
    ana.fill("textarea[name=post]", "@bob thanks, reading it now")
    ana.click("#replyviewsubmit")
    ana.goto(f"{live_server.url}/post/{question.id}")
    expect(ana.locator("article.post .post-body")).to_have_text(
        [
            "Which is the best #pyramid tutorial?",
            "@ana the official one, then the #pyramid cookbook",
            "@bob thanks, reading it now",
        ]
    )
    expect(ana.locator(".conversation-replies article.post").nth(1)).to_have_class(
        "post d-flex gap-3 py-3 border-bottom reply-depth-1"
    )
    # the tag and the mention are links
    ana.locator(".conversation-replies .post-body a.hashtag").first.click()
    ana.wait_for_url(f"{live_server.url}/tag/pyramid")
    expect(ana.locator("article.post")).to_have_count(2)


def test_the_bell_lights_up_live_and_goes_quiet_once_read(live_server, new_page):
    live_server.create_user("ana", PASSWORD)
    live_server.create_user("bob", PASSWORD)
    post = add_post(live_server, "bob", "Something worth liking")
    bob = new_page()
    polling_every(bob, 300)
    sign_in(bob, live_server, "bob")
    bell = bob.locator("#notification-count")
    expect(bell).to_have_class("badge rounded-pill text-bg-danger invisible")
    bob.evaluate("window.notReloaded = true")

    ana = new_page()
    sign_in(ana, live_server, "ana")
    ana.goto(f"{live_server.url}/post/{post.id}")
    card(ana, post).locator("button.like-button").click()
    expect(card(ana, post).locator(".like-count")).to_have_text("1")

    expect(bell).not_to_have_class("badge rounded-pill text-bg-danger invisible")
    expect(bell.locator(".notification-count-number")).to_have_text("1")
    assert bob.evaluate("window.notReloaded") is True

    bob.locator("a.nav-notifications").click()
    expect(bob.locator(".notification-summary").first).to_contain_text("ana liked your post")
    expect(bob.locator("#notification-count")).to_have_class(
        "badge rounded-pill text-bg-danger invisible"
    )
