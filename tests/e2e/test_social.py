"""In a real browser: the live unread badge and the hover popups."""

from playwright.sync_api import expect

from microblog.models import Post

from .conftest import PASSWORD, sign_in

FAST_POLLING = "window.microblog = Object.assign(window.microblog || {}, %s);"


def polling_every(page, milliseconds):
    page.context.add_init_script(FAST_POLLING % f"{{notificationInterval: {milliseconds}}}")


def add_post(server, username, body):
    with server.session() as session:
        session.add(Post(body=body, user_id=server.user_id(username), language="en"))
        session.commit()


def send_message(page, server, username, body):
    page.goto(f"{server.url}/user/{username}")
    page.get_by_role("link", name="Send private message").click()
    page.fill("textarea[name=message]", body)
    page.click("#sendmessageviewsubmit")
    expect(page.locator(".alert-success")).to_contain_text("Your message has been sent.")


def set_hidden(page, hidden):
    page.evaluate(
        """(hidden) => {
        Object.defineProperty(document, "hidden", {configurable: true, get: () => hidden});
        document.dispatchEvent(new Event("visibilitychange"));
    }""",
        hidden,
    )


def test_a_message_lights_up_the_recipients_badge_without_a_reload(live_server, new_page):
    live_server.create_user("ana", PASSWORD)
    live_server.create_user("bob", PASSWORD)
    bob = new_page()
    polling_every(bob, 300)
    sign_in(bob, live_server, "bob")
    badge = bob.locator("#message-count")
    expect(badge).to_be_hidden()
    bob.evaluate("window.notReloaded = true")

    ana = new_page()
    sign_in(ana, live_server, "ana")
    send_message(ana, live_server, "bob", "Hello Bob, from another browser")

    expect(badge).to_be_visible()
    expect(badge.locator(".message-count-number")).to_have_text("1")
    expect(badge).to_contain_text("unread")
    assert bob.evaluate("window.notReloaded") is True

    bob.get_by_role("link", name="Messages").click()
    expect(bob.locator(".message-body")).to_have_text("Hello Bob, from another browser")
    expect(bob.locator("#message-count")).to_be_hidden()


def test_polling_pauses_while_the_tab_is_hidden_and_resumes_when_shown(live_server, new_page):
    live_server.create_user("ana", PASSWORD)
    live_server.create_user("bob", PASSWORD)
    bob = new_page()
    polling_every(bob, 200)
    polls = []
    bob.on("request", lambda r: polls.append(r.url) if "/notifications" in r.url else None)
    sign_in(bob, live_server, "bob")
    bob.wait_for_event("requestfinished", predicate=lambda r: "/notifications" in r.url)

    set_hidden(bob, True)
    polls_when_hidden = len(polls)
    # sending takes several page loads: many polling intervals pass meanwhile
    ana = new_page()
    sign_in(ana, live_server, "ana")
    send_message(ana, live_server, "bob", "Sent while Bob looks elsewhere")
    send_message(ana, live_server, "bob", "And another one")
    assert len(polls) == polls_when_hidden
    expect(bob.locator("#message-count")).to_be_hidden()

    set_hidden(bob, False)
    expect(bob.locator("#message-count .message-count-number")).to_have_text("2")


def test_hovering_a_username_shows_the_users_popup(live_server, page):
    live_server.create_user("ana", PASSWORD)
    live_server.create_user("bob", PASSWORD, about_me="Bob rides bikes.")
    add_post(live_server, "bob", "A post by Bob")
    popups = []
    page.on("request", lambda r: popups.append(r.url) if r.url.endswith("/popup") else None)
    sign_in(page, live_server, "ana")
    page.goto(f"{live_server.url}/explore")

    link = page.locator("article.post a.user-link", has_text="bob")
    link.hover()
    popover = page.locator(".popover")
    expect(popover).to_be_visible()
    expect(popover.locator(".popup-username")).to_have_text("bob")
    expect(popover).to_contain_text("Bob rides bikes.")
    expect(popover.locator("time.rendered")).to_have_count(1)

    page.mouse.move(0, 0)
    expect(popover).to_be_hidden()
    link.hover()
    expect(popover).to_be_visible()
    assert popups == [f"{live_server.url}/user/bob/popup"]  # fetched once, then cached

    popover.get_by_role("button", name="Follow").click()
    # in place: the card changes, the page stays (test_pages.py follows this further)
    expect(popover.get_by_role("button", name="Unfollow")).to_be_visible()


def test_leaving_a_username_before_the_delay_fetches_nothing(live_server, page):
    live_server.create_user("ana", PASSWORD)
    for name in ("bob", "carol"):
        live_server.create_user(name, PASSWORD)
        add_post(live_server, name, f"A post by {name}")
    popups = []
    page.on("request", lambda r: popups.append(r.url) if r.url.endswith("/popup") else None)
    sign_in(page, live_server, "ana")
    page.goto(f"{live_server.url}/explore")

    page.locator("a.user-link", has_text="bob").hover()
    page.mouse.move(0, 0)
    # carol's popup needs the full delay: had bob's timer survived, it would have fired
    page.locator("a.user-link", has_text="carol").hover()
    expect(page.locator(".popover .popup-username")).to_have_text("carol")
    assert popups == [f"{live_server.url}/user/carol/popup"]
    expect(page.locator(".popover")).to_have_count(1)


def test_keyboard_focus_shows_the_popup_and_escape_closes_it(live_server, page):
    live_server.create_user("ana", PASSWORD)
    for name in ("bob", "carol"):
        live_server.create_user(name, PASSWORD)
        add_post(live_server, name, f"A post by {name}")
    sign_in(page, live_server, "ana")
    page.goto(f"{live_server.url}/explore")
    bob_link = page.locator("a.user-link", has_text="bob")
    bob_link.evaluate("""(link) => {
        window.bobShown = 0;
        link.addEventListener("shown.bs.popover", () => { window.bobShown += 1; });
    }""")

    bob_link.focus()
    popover = page.locator(".popover")
    expect(popover.locator(".popup-username")).to_have_text("bob")
    # the card sits right after the link in the tab order: its links and buttons are reachable
    page.keyboard.press("Tab")
    expect(popover.locator(".popup-username")).to_be_focused()
    page.keyboard.press("Tab")
    expect(popover.get_by_role("button", name="Follow")).to_be_focused()
    page.keyboard.press("Escape")
    expect(popover).to_be_hidden()
    expect(bob_link).to_be_focused()

    # carol's popup takes the full delay while the focus stays on bob's link: bob's popup,
    # had Escape not stuck, would have come back by then
    page.locator("a.user-link", has_text="carol").hover()
    expect(popover.locator(".popup-username")).to_have_text("carol")
    assert page.evaluate("window.bobShown") == 1
