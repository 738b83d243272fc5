"""In a real browser: turning on two-factor sign-in, blocking from a profile, and the
moderation queue."""

import pyotp
from playwright.sync_api import expect
from sqlalchemy import select

from microblog.models import Post, Report, User

from .conftest import PASSWORD, sign_in


def test_two_factor_enrolment_reads_the_secret_from_the_page_then_asks_for_codes(live_server, page):
    live_server.create_user("ana", PASSWORD)
    sign_in(page, live_server, "ana")
    page.get_by_role("link", name="Settings").click()
    page.get_by_role("link", name="Two-factor sign-in").click()
    expect(page.locator(".totp-qr svg")).to_be_visible()
    secret = page.locator("code.totp-secret").inner_text()
    page.fill("input[name=code]", pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Turn On").click()
    expect(page.locator(".recovery-code")).to_have_count(10)
    recovery = page.locator(".recovery-code").first.inner_text()

    page.get_by_role("button", name="Logout").click()
    page.goto(f"{live_server.url}/login")
    page.fill("input[name=username]", "ana")
    page.fill("input[name=password]", PASSWORD)
    page.click("#loginviewsubmit")
    expect(page).to_have_url(f"{live_server.url}/login_code")
    page.fill("input[name=code]", recovery)
    page.click("#logincodeviewsubmit")
    expect(page).to_have_url(f"{live_server.url}/")
    with live_server.session() as session:
        user = session.scalar(select(User).where(User.username == "ana"))
        assert user.totp_secret == secret


def test_blocking_from_a_profile_hides_the_blocked_ones_posts(live_server, page):
    live_server.create_user("ana", PASSWORD)
    bob_id = live_server.create_user("bob", PASSWORD)
    with live_server.session() as session:
        session.add(Post(body="Bob shouts again", user_id=bob_id, language="en"))
        session.commit()
    sign_in(page, live_server, "ana")
    page.goto(f"{live_server.url}/explore")
    expect(page.locator("article.post")).to_contain_text("Bob shouts again")
    page.goto(f"{live_server.url}/user/bob")
    page.get_by_role("button", name="Block").click()
    expect(page.locator(".alert-success")).to_contain_text("You blocked bob")
    expect(page.get_by_role("button", name="Unblock")).to_be_visible()
    page.goto(f"{live_server.url}/explore")
    expect(page.locator("body")).not_to_contain_text("Bob shouts again")
    page.goto(f"{live_server.url}/settings/blocked")
    expect(page.locator("li.person")).to_contain_text("bob")


def test_a_moderator_works_the_queue(live_server, new_page):
    live_server.create_user("ana", PASSWORD)
    bob_id = live_server.create_user("bob", PASSWORD)
    live_server.create_user("mod", PASSWORD, role="moderator")
    with live_server.session() as session:
        session.add(Post(body="Cheap pills here", user_id=bob_id, language="en"))
        session.commit()

    ana = new_page()
    sign_in(ana, live_server, "ana")
    ana.goto(f"{live_server.url}/explore")
    ana.locator("article.post").get_by_role("link", name="Report").click()
    ana.fill("textarea[name=reason]", "Spam")
    ana.click("#reportpostviewsubmit")
    expect(ana.locator(".alert-success")).to_contain_text("the moderators will look at it")

    mod = new_page()
    sign_in(mod, live_server, "mod")
    mod.get_by_role("link", name="Moderation").click()
    report = mod.locator("article.report")
    expect(report.locator(".reported-post")).to_have_text("Cheap pills here")
    expect(report.locator(".reason")).to_contain_text("Spam")
    report.get_by_role("button", name="Delete post").click()
    expect(mod.locator(".alert-success")).to_contain_text("The post has been deleted.")
    expect(mod.locator(".empty-queue")).to_be_visible()
    with live_server.session() as session:
        assert session.scalars(select(Post)).all() == []
        assert session.scalar(select(Report.resolution)) == "post_deleted"
