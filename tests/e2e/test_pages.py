"""What a person meets in Chromium: the character counter, Delete asking first, following
from a popup in place, the phone menu without scripts, and what /explore weighs."""

import re

from playwright.sync_api import expect

from microblog.models import Post

from .conftest import PASSWORD, sign_in

PHONE = {"width": 390, "height": 844}


def add_posts(server, username, bodies):
    user_id = server.user_id(username)
    with server.session() as session:
        posts = [Post(body=body, user_id=user_id, language="en") for body in bodies]
        session.add_all(posts)
        session.commit()
        return [post.id for post in posts]


def post_count(server):
    with server.session() as session:
        return session.query(Post).count()


def test_the_counter_shows_the_overflow_and_blocks_sending_until_the_post_fits(live_server, page):
    live_server.create_user("ana", PASSWORD)
    sign_in(page, live_server, "ana")
    box = page.locator("textarea[name=post]")
    counter = page.locator(".char-counter")
    submit = page.locator("#homeviewsubmit")
    expect(counter).to_have_text(re.compile(r"^0 / 140"))

    box.fill("x" * 200)
    expect(counter.locator(".char-count")).to_have_text("200 / 140")
    expect(counter).to_have_class(re.compile(r"\bover\b"))
    expect(counter.get_by_role("status")).to_have_text(
        "Too long: shorten it to 140 characters to send it."
    )
    expect(box).to_have_value("x" * 200)  # nothing was cut
    expect(box).to_have_attribute("aria-invalid", "true")
    expect(submit).to_be_disabled()

    box.fill("Ñandú 🐦 " + "y" * 132)  # 140 characters, two of them outside ASCII
    expect(counter.locator(".char-count")).to_have_text("140 / 140")
    expect(submit).to_be_enabled()
    submit.click()
    expect(page.locator(".alert-success")).to_contain_text("Your post is now live!")
    expect(page.locator("article.post .post-body").first).to_have_text("Ñandú 🐦 " + "y" * 132)


def test_a_post_with_line_breaks_counts_each_break_once_as_the_server_does(live_server, page):
    live_server.create_user("ana", PASSWORD)
    sign_in(page, live_server, "ana")
    text = "\n".join(["z" * 45] * 3) + "\n" + "zz"  # 140 characters with its 3 breaks
    page.locator("textarea[name=post]").fill(text)
    expect(page.locator(".char-count")).to_have_text("140 / 140")
    page.locator("#homeviewsubmit").click()
    expect(page.locator(".alert-success")).to_contain_text("Your post is now live!")


def test_delete_asks_first_and_deletes_only_when_confirmed(live_server, page):
    live_server.create_user("ana", PASSWORD)
    [post_id] = add_posts(live_server, "ana", ["A post I will think twice about"])
    sign_in(page, live_server, "ana")
    post = page.locator(f"#post-{post_id}")
    confirm = post.get_by_role("button", name="Yes, delete it")
    expect(confirm).to_be_hidden()

    post.get_by_text("Delete", exact=True).click()
    expect(post).to_contain_text("Delete this post for good?")
    expect(confirm).to_be_visible()
    assert post_count(live_server) == 1  # opening the question deleted nothing

    post.get_by_text("Delete", exact=True).click()  # changed my mind
    expect(confirm).to_be_hidden()
    post.get_by_text("Delete", exact=True).click()
    confirm.click()
    expect(page.locator(".alert-info")).to_contain_text("Your post has been deleted.")
    expect(page.locator(f"#post-{post_id}")).to_have_count(0)
    assert post_count(live_server) == 0


def test_delete_asks_first_without_javascript_too(live_server, browser):
    live_server.create_user("ana", PASSWORD)
    [post_id] = add_posts(live_server, "ana", ["Deleted by a reader without scripts"])
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        sign_in(page, live_server, "ana")
        post = page.locator(f"#post-{post_id}")
        post.get_by_text("Delete", exact=True).click()
        post.get_by_role("button", name="Yes, delete it").click()
        expect(page.locator(".alert-info")).to_contain_text("Your post has been deleted.")
        assert post_count(live_server) == 0
    finally:
        context.close()


def test_following_from_a_popup_happens_in_place(live_server, page):
    live_server.create_user("ana", PASSWORD)
    live_server.create_user("bob", PASSWORD)
    add_posts(live_server, "bob", ["Bob's post on explore"])
    page.context.add_init_script("window.microblog = {popupDelay: 0};")
    sign_in(page, live_server, "ana")
    page.goto(f"{live_server.url}/explore")
    page.evaluate("window.stillHere = true")

    page.locator("a.user-link", has_text="bob").first.hover()
    popover = page.locator(".popover")
    expect(popover).to_contain_text("0 followers")
    popover.get_by_role("button", name="Follow").click()

    expect(popover.get_by_role("button", name="Unfollow")).to_be_visible()
    expect(popover.get_by_role("button", name="Unfollow")).to_be_focused()
    expect(popover).to_contain_text("1 follower")
    assert page.url == f"{live_server.url}/explore"
    assert page.evaluate("window.stillHere") is True

    popover.get_by_role("button", name="Unfollow").click()
    expect(popover.get_by_role("button", name="Follow")).to_be_visible()
    expect(popover).to_contain_text("0 followers")
    page.goto(f"{live_server.url}/user/bob")
    expect(page.locator(".profile-actions").get_by_role("button", name="Follow")).to_be_visible()


def test_the_phone_menu_opens_without_javascript(live_server, browser):
    live_server.create_user("ana", PASSWORD)
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    try:
        page = context.new_page()
        sign_in(page, live_server, "ana")
        for name in ("Explore", "Messages", "Profile"):
            expect(page.get_by_role("link", name=name, exact=True)).to_be_visible()
        page.get_by_role("link", name="Explore", exact=True).click()
        expect(page).to_have_url(f"{live_server.url}/explore")
        page.get_by_role("button", name="Logout").click()
        expect(page.locator(".alert-info")).to_contain_text("You have been signed out.")
    finally:
        context.close()


def test_the_phone_menu_opens_with_the_hamburger_when_scripts_run(live_server, browser):
    live_server.create_user("ana", PASSWORD)
    context = browser.new_context(viewport=PHONE)
    try:
        page = context.new_page()
        sign_in(page, live_server, "ana")
        profile = page.get_by_role("link", name="Profile", exact=True)
        expect(profile).to_be_hidden()
        page.get_by_role("button", name="Toggle navigation").click()
        expect(profile).to_be_visible()
    finally:
        context.close()


def test_explore_transfers_at_most_150_kb_on_a_cold_load(live_server, browser):
    live_server.create_user("ana", PASSWORD)
    for n in range(25):
        live_server.create_user(f"writer{n}", PASSWORD)
        add_posts(live_server, f"writer{n}", [f"Post number {n}, with a few words to read " * 3])
    context = browser.new_context()
    try:
        page = context.new_page()
        sign_in(page, live_server, "ana")
        fresh = context.new_page()
        # signed in, but nothing cached: what a first visit downloads
        cdp = context.new_cdp_session(fresh)
        cdp.send("Network.enable")
        cdp.send("Network.clearBrowserCache")
        transferred = []
        fresh.on(
            "requestfinished",
            lambda request: transferred.append(
                (
                    request.url,
                    request.sizes()["responseBodySize"],
                    request.sizes()["responseHeadersSize"],
                )
            ),
        )
        fresh.goto(f"{live_server.url}/explore")
        fresh.wait_for_load_state("networkidle")
        expect(fresh.locator("article.post")).to_have_count(25)
        total = sum(body + headers for _url, body, headers in transferred)
        print(f"\n/explore, cold: {len(transferred)} requests, {total / 1024:.1f} KB")
        assert total <= 150 * 1024, transferred
    finally:
        context.close()


def test_the_unread_badge_appears_without_moving_the_search_box(live_server, page):
    live_server.create_user("ana", PASSWORD)
    sign_in(page, live_server, "ana")
    search = page.locator("#navbar-search")
    badge = page.locator("#message-count")
    expect(badge).to_be_hidden()
    before = search.bounding_box()
    page.evaluate("window.microblog.setMessageCount(12)")
    expect(badge).to_be_visible()
    expect(badge).to_contain_text("12")
    assert search.bounding_box() == before
