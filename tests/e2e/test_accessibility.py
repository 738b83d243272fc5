"""Every kind of page, in Chromium at desktop and phone widths, in English and Spanish:
axe-core finds no violation, nothing is asked of another host, the console stays clean
(a Content-Security-Policy refusal would show there)."""

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from microblog.models import Message, Post, User
from microblog.models.conversation import delete_post, edit, publish
from microblog.models.interactions import like, repost

from .conftest import PASSWORD, sign_in
from .nodetools import AXE, require

# page types a signed-in reader meets (ana follows bob; bob wrote posts, one in Spanish)
SIGNED_IN = [
    "/",
    "/explore",
    "/explore?page=99999",
    "/user/bob",
    "/user/ana",
    "/post/{bob_post}",
    "/messages",
    "/messages/{message}/report",
    "/post/{bob_post}/report",
    "/user/bob/message",
    "/user/ana/edit",
    "/search?q=bikes",
    "/search",
    "/post/{answer}",
    "/post/{bob_post}/reply",
    "/post/{answer}/edit",
    "/post/{answer}/history",
    "/post/{deleted}",
    "/tag/bikes",
    "/user/ana/likes",
    "/notifications/all",
    "/no/such/page",
]
SIGNED_OUT = ["/login", "/register", "/reset_password_request"]
# what axe checks: WCAG 2.1 A and AA, and its best practices
AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"],
    }
}
WIDTHS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.fixture
def site(live_server):
    """ana follows bob; bob has posts (one Spanish), a message for ana, and a new user
    whose timeline is empty."""
    ana = live_server.create_user("ana", PASSWORD, about_me="Pyramid and bikes.")
    bob = live_server.create_user("bob", PASSWORD, about_me="I ride bikes.")
    live_server.create_user("carol", PASSWORD)
    with live_server.session() as session:
        posts = [
            Post(body=f"Bikes are great, part {n}", user_id=bob, language="en") for n in range(3)
        ]
        posts.append(Post(body="Hoy hace un día precioso en Madrid", user_id=bob, language="es"))
        posts.append(Post(body="My own post about bikes", user_id=ana, language="en"))
        session.add_all(posts)
        message = Message(sender_id=bob, recipient_id=ana, body="Hi Ana, ride on Sunday?")
        session.add(message)
        session.flush()
        # a conversation: a tagged answer by ana, edited, liked and reposted by her, under
        # a post bob deleted since; bob follows ana, mentions her and likes her answer
        anas, bobs = session.get(User, ana), session.get(User, bob)
        question = publish(session, bobs, "Who rides on Sunday? #bikes")
        answer = publish(session, anas, "@bob I do, #bikes all day", in_reply_to=question)
        edit(session, answer, "@bob I do, #bikes all day long")
        like(anas, posts[0])
        repost(anas, posts[1])
        bobs.follow(anas)
        like(bobs, answer)
        delete_post(session, question)
        session.commit()
        return {
            "bob_post": posts[0].id,
            "answer": answer.id,
            "deleted": question.id,
            "message": message.id,
        }


def run_axe(page, axe_path):
    # evaluated, not added as a <script>: the pages' Content-Security-Policy (rightly)
    # refuses inline scripts, and evaluating is not subject to it
    page.evaluate(axe_path.read_text("utf-8") + "\n;true")
    return page.evaluate("(options) => axe.run(document, options)", AXE_OPTIONS)


def check_page(page, url, axe_path):
    """Load ``url``; return (axe violations, foreign requests, console errors)."""
    origin = urlsplit(url).netloc
    foreign, errors = [], []
    page.on(
        "request",
        lambda request: (
            foreign.append(request.url)
            if urlsplit(request.url).scheme in ("http", "https")
            and urlsplit(request.url).netloc != origin
            else None
        ),
    )
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(url)
    page.wait_for_load_state("networkidle")
    result = run_axe(page, axe_path)
    violations = [
        f"{violation['id']} ({violation['impact']}): "
        + "; ".join(node["target"][0] for node in violation["nodes"][:5])
        for violation in result["violations"]
    ]
    return violations, foreign, errors


@pytest.mark.parametrize("locale", ["en-US", "es-ES"])
@pytest.mark.parametrize("width", list(WIDTHS))
def test_every_page_type_passes_axe_asks_no_other_host_and_logs_no_error(
    live_server, browser, site, width, locale
):
    axe_path = require(AXE)
    problems = {}
    for signed_in, paths in ((False, SIGNED_OUT), (True, SIGNED_IN)):
        context = browser.new_context(viewport=WIDTHS[width], locale=locale)
        context.set_default_timeout(10_000)
        page = context.new_page()
        if signed_in:
            sign_in(page, live_server, "ana")
        for path in paths:
            url = live_server.url + path.format(**site)
            fresh = context.new_page()
            violations, foreign, errors = check_page(fresh, url, axe_path)
            fresh.close()
            # a missing page is a 404 on purpose; the browser says so on its console
            errors = [e for e in errors if not (path == "/no/such/page" and "404" in e)]
            if violations or foreign or errors:
                problems[path] = {"axe": violations, "other hosts": foreign, "console": errors}
        context.close()
    assert problems == {}


def test_an_open_user_popup_passes_axe(live_server, new_page, site):
    axe_path = require(AXE)
    page = new_page()
    page.context.add_init_script("window.microblog = {popupDelay: 0};")
    sign_in(page, live_server, "ana")
    page.goto(f"{live_server.url}/explore")
    page.locator("a.user-link", has_text="bob").first.hover()
    expect(page.locator(".popover")).to_be_visible()
    result = run_axe(page, axe_path)
    assert [violation["id"] for violation in result["violations"]] == []
