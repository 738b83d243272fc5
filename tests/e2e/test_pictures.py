"""Pictures in a real browser: attaching with previews and descriptions, publishing, the
lightbox, and a grid that does not move while its pictures arrive."""

import re

from playwright.sync_api import expect

from ..support import pictures
from .conftest import PASSWORD, sign_in
from .nodetools import AXE, require
from .test_accessibility import run_axe

# the page's layout shifts (not caused by input), summed as Chromium reports them
RECORD_SHIFTS = """
window.__shifts = 0;
new PerformanceObserver(function (list) {
  list.getEntries().forEach(function (entry) {
    if (!entry.hadRecentInput) { window.__shifts += entry.value; }
  });
}).observe({type: "layout-shift", buffered: true});
"""


def test_attach_preview_describe_publish_and_open_the_lightbox(live_server, page, tmp_path):
    live_server.create_user("ana", PASSWORD)
    beach, mountain = tmp_path / "beach.jpg", tmp_path / "mountain.png"
    beach.write_bytes(pictures.jpeg(1200, 800, gps=True))
    mountain.write_bytes(pictures.png(400, 600))
    sign_in(page, live_server, "ana")

    slots = page.locator(".picture-slot")
    expect(slots.nth(0)).to_be_visible()
    expect(slots.nth(1)).to_be_hidden()  # one empty slot at a time
    slots.nth(0).locator("input[type=file]").set_input_files(beach)
    preview = slots.nth(0).locator("img.picture-preview")
    expect(preview).to_be_visible()
    expect(preview).to_have_attribute("src", re.compile(r"^blob:"))
    expect(slots.nth(0).locator("input[name=alt_0]")).to_be_focused()
    page.fill("input[name=alt_0]", "A beach at noon")
    expect(slots.nth(1)).to_be_visible()
    slots.nth(1).locator("input[type=file]").set_input_files(mountain)
    page.fill("input[name=alt_1]", "A mountain drawn by hand")
    page.fill("textarea[name=post]", "Holiday pictures")
    page.click("#homeviewsubmit")

    expect(page.locator(".alert-success")).to_contain_text("Your post is now live!")
    grid = page.locator("article.post .post-media.count-2").first
    thumbnails = grid.locator("img")
    expect(thumbnails).to_have_count(2)
    expect(thumbnails.nth(0)).to_have_attribute("alt", "A beach at noon")

    grid.locator("a.media-item").first.click()
    dialog = page.locator("dialog.lightbox")
    expect(dialog).to_be_visible()
    picture = dialog.locator("img")
    expect(picture).to_have_attribute("src", re.compile(r"/media/images/.+\.webp$"))
    expect(picture).to_have_attribute("alt", "A beach at noon")
    expect(dialog.locator("figcaption")).to_have_text("A beach at noon")
    expect(dialog.locator(".lightbox-counter")).to_have_text("1 of 2")
    expect(picture).to_have_js_property("naturalWidth", 1200)
    page.keyboard.press("ArrowRight")
    expect(dialog.locator("figcaption")).to_have_text("A mountain drawn by hand")
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(grid.locator("a.media-item").first).to_be_focused()


def test_the_timeline_does_not_move_while_its_pictures_arrive(live_server, page, tmp_path):
    live_server.create_user("ana", PASSWORD)
    files = []
    for n, (width, height) in enumerate([(1600, 900), (300, 700), (800, 800)]):
        path = tmp_path / f"p{n}.jpg"
        path.write_bytes(pictures.jpeg(width, height))
        files.append(path)
    sign_in(page, live_server, "ana")
    for text, chosen in (("Three pictures", files), ("One tall picture", files[1:2])):
        for slot, path in enumerate(chosen):
            page.locator("input[name=images]").nth(slot).set_input_files(path)
        page.fill("textarea[name=post]", text)
        page.click("#homeviewsubmit")
        expect(page.locator(".alert-success")).to_be_visible()

    held = []
    # the pictures wait until the page is laid out (a tall window: none is left lazy)
    page.route("**/media/**", lambda route: held.append(route))
    page.set_viewport_size({"width": 1280, "height": 2400})
    page.add_init_script(RECORD_SHIFTS)
    page.goto(f"{live_server.url}/", wait_until="domcontentloaded")
    while len(held) < 4:
        page.wait_for_event("request")
    body = page.locator("main")
    before = [page.locator(".post-media").nth(i).bounding_box() for i in range(2)]
    bottom_before = body.bounding_box()["height"]
    assert page.evaluate("document.querySelector('.post-media img').naturalWidth") == 0
    # what the page's own scripts moved at start (the character counter) is not ours to count
    page.evaluate("new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
    page.evaluate("window.__shifts = 0")
    for route in held:
        route.continue_()
    page.unroute("**/media/**")
    images = page.locator(".post-media img")
    for n in range(4):
        expect(images.nth(n)).to_have_js_property("complete", True)
        assert images.nth(n).evaluate("img => img.naturalWidth") > 0
    after = [page.locator(".post-media").nth(i).bounding_box() for i in range(2)]
    assert after == before
    assert body.bounding_box()["height"] == bottom_before
    assert page.evaluate("window.__shifts") == 0


def test_the_form_the_pictures_and_the_open_lightbox_pass_axe(live_server, page, tmp_path):
    axe_path = require(AXE)
    live_server.create_user("ana", PASSWORD)
    picture = tmp_path / "beach.jpg"
    picture.write_bytes(pictures.jpeg(800, 600))
    sign_in(page, live_server, "ana")
    page.locator("input[name=images]").first.set_input_files(picture)
    page.fill("input[name=alt_0]", "A beach at noon")
    page.fill("textarea[name=post]", "A picture")
    page.click("#homeviewsubmit")
    expect(page.locator(".post-media img")).to_have_js_property("complete", True)
    assert [violation["id"] for violation in run_axe(page, axe_path)["violations"]] == []
    page.locator(".post-media a.media-item").click()
    expect(page.locator("dialog.lightbox")).to_be_visible()
    assert [violation["id"] for violation in run_axe(page, axe_path)["violations"]] == []


def test_a_picture_alone_is_published_from_the_browser(live_server, page, tmp_path):
    live_server.create_user("ana", PASSWORD)
    cat = tmp_path / "cat.jpg"
    cat.write_bytes(pictures.jpeg(600, 400))
    sign_in(page, live_server, "ana")
    # nothing at all is refused by the server, on the text field
    page.click("#homeviewsubmit")
    expect(page.locator(".invalid-feedback")).to_have_text("Write something, or add a picture.")
    page.locator(".picture-slot input[type=file]").first.set_input_files(cat)
    page.fill("input[name=alt_0]", "A cat asleep")
    page.click("#homeviewsubmit")
    expect(page.locator(".alert-success")).to_contain_text("Your post is now live!")
    post = page.locator("article.post").first
    expect(post.locator(".post-media img")).to_have_attribute("alt", "A cat asleep")
    expect(post.locator(".post-body")).to_have_count(0)
