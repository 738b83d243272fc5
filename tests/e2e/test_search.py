from playwright.sync_api import expect

from .conftest import PASSWORD, sign_in


def test_a_user_finds_a_post_with_the_navbar_search_box(live_server, page):
    live_server.create_user("ana", PASSWORD)
    sign_in(page, live_server, "ana")
    for body in ("Foxes are clever", "Badgers dig burrows"):
        page.fill("textarea[name=post]", body)
        page.click("#homeviewsubmit")
        expect(page.locator(".alert-success")).to_be_visible()

    page.get_by_label("Search posts").fill("fox")
    page.get_by_label("Search posts").press("Enter")

    page.wait_for_url(f"{live_server.url}/search?q=fox")
    expect(page.locator("article.post .post-body")).to_have_text(["Foxes are clever"])
    expect(page.get_by_label("Search posts")).to_have_value("fox")
