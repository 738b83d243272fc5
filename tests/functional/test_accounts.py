from datetime import timedelta

import pytest
from sqlalchemy import select

from microblog.models import User, utcnow

from ..support.factories import PASSWORD, login, make_user


def register(testapp, **fields):
    form = testapp.get("/register").forms["registerview"]
    values = {
        "username": "carol",
        "email": "carol@example.com",
        "password": "s3cret-pass",
        "password2": "s3cret-pass",
    } | fields
    for name, value in values.items():
        form[name] = value
    return form.submit()


def test_register_then_sign_in(testapp, dbsession):
    response = register(testapp)
    assert response.status_int == 303
    assert response.location.endswith("/login")
    assert "Congratulations, you are now a registered user!" in response.follow().text
    user = dbsession.scalar(select(User).where(User.username == "carol"))
    assert user.email == "carol@example.com"
    assert user.check_password("s3cret-pass")
    assert utcnow() - user.created_at < timedelta(minutes=1)

    home = login(testapp, "carol", "s3cret-pass").follow()
    assert "Hi, carol!" in home.text


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"username": "ana"}, "Please use a different username."),
        ({"username": "ANA"}, "Please use a different username."),
        ({"email": "ana@example.com"}, "Please use a different email address."),
        ({"email": "not-an-address"}, "Invalid email address."),
        ({"email": "not-an-email@x"}, "Invalid email address."),
        ({"email": "two..dots@example.com"}, "Invalid email address."),
        ({"email": "a@-example.com"}, "Invalid email address."),
        ({"username": ""}, "This field is required."),
        ({"username": "has space"}, "Use only letters, digits, dots, dashes and underscores."),
        ({"username": "x" * 65}, "Must be at most 64 characters long."),
        ({"password2": "something-else"}, "The two passwords do not match."),
        ({"password": "short", "password2": "short"}, "Must be at least 8 characters long."),
        ({"password": "p" * 73, "password2": "p" * 73}, "Must be at most 72 bytes long."),
    ],
)
def test_registration_refuses_bad_input_on_the_field(testapp, dbsession, ana, fields, message):
    before = dbsession.scalar(select(User.id).order_by(User.id.desc()).limit(1))
    page = register(testapp, **fields)
    assert page.status_int == 200
    errors = [p.get_text(strip=True) for p in page.html.select(".invalid-feedback")]
    assert message in errors
    assert dbsession.scalar(select(User.id).order_by(User.id.desc()).limit(1)) == before


def signed_in(testapp):
    return testapp.get("/").status_int == 200


def test_wrong_password_is_refused_without_saying_which_part_was_wrong(testapp, ana):
    page = login(testapp, "ana", "wrong password")
    assert page.status_int == 200
    assert "Invalid username or password." in page.text
    assert page.forms["loginview"]["username"].value == "ana"
    unknown = login(testapp, "nobody", "wrong password")
    assert "Invalid username or password." in unknown.text
    assert not signed_in(testapp)


def test_a_refused_sign_in_says_so_once_on_the_highlighted_password(testapp, ana):
    page = login(testapp, "ana", "wrong password")
    assert page.text.count("Invalid username or password.") == 1
    password = page.html.select_one("input[name=password]")
    assert "is-invalid" in password["class"]
    feedback = page.html.select_one(".invalid-feedback")
    assert feedback.get_text(strip=True) == "Invalid username or password."
    assert feedback.find_parent(id=password.find_parent("div")["id"]) is not None
    assert not page.html.select(".alert-danger")
    assert "There was a problem" not in page.text


def test_a_form_shown_again_puts_the_focus_on_the_field_at_fault(testapp, ana):
    blank = testapp.get("/login")
    assert blank.html.select_one("input[name=username]").has_attr("autofocus")
    refused = login(testapp, "ana", "wrong password")
    assert refused.html.select_one("input[name=password]").has_attr("autofocus")
    assert not refused.html.select_one("input[name=username]").has_attr("autofocus")
    # a field left empty: the first one at fault (colander's own refusal)
    page = testapp.get("/login")
    form = page.forms["loginview"]
    form["username"] = "ana"
    missing = form.submit()
    assert missing.html.select_one("input[name=password]").has_attr("autofocus")
    assert len(missing.html.select("[autofocus]")) == 1


def test_remember_me_is_labelled_beside_its_checkbox(testapp):
    page = testapp.get("/login")
    checkbox = page.html.select_one("input[name=remember_me]")
    label = page.html.select_one(f"label[for={checkbox['id']}]")
    assert label.get_text(strip=True) == "Remember Me"
    assert "form-check-label" in label["class"]
    assert checkbox.find_parent(class_="form-check") is label.find_parent(class_="form-check")
    assert len(page.html.find_all("label", string=lambda text: text and "Remember" in text)) == 1


def test_sign_in_follows_a_local_next(testapp, ana):
    response = login(testapp, "ana", next_="/explore")
    assert response.location == "http://example.com/explore"


@pytest.mark.parametrize(
    "evil",
    [
        "http://evil.example/",
        "//evil.example/",
        "/\\evil.example",
        "https:evil.example",
        "javascript:alert(1)",
    ],
)
def test_sign_in_ignores_a_next_that_leaves_the_site(testapp, ana, evil):
    response = login(testapp, "ana", next_=evil)
    assert response.location == "http://example.com/"


def test_remember_me_makes_a_lasting_cookie(testapp, ana):
    response = login(testapp, "ana", remember_me=True)
    cookie = [h for h in response.headers.getall("Set-Cookie") if h.startswith("session=")]
    assert cookie and "Max-Age=2592000" in cookie[0]


def test_without_remember_me_the_cookie_ends_with_the_browser(testapp, ana):
    response = login(testapp, "ana")
    cookie = [h for h in response.headers.getall("Set-Cookie") if h.startswith("session=")]
    assert cookie and "Max-Age" not in cookie[0]
    assert "HttpOnly" in cookie[0] and "SameSite=Lax" in cookie[0]


def test_logout_is_a_post_and_ends_the_session(as_ana):
    as_ana.get("/logout", status=404)
    home = as_ana.get("/")
    (logout,) = {form for form in home.forms.values() if form.action.endswith("/logout")}
    response = logout.submit()
    assert response.location.endswith("/login")
    assert "You have been signed out. See you soon!" in response.follow().text
    assert as_ana.get("/", status=303).location.startswith("http://example.com/login")


def test_a_post_without_csrf_token_is_refused(testapp, ana):
    response = testapp.post("/login", {"username": "ana", "password": PASSWORD}, status=400)
    assert not signed_in(testapp)
    assert "reload the page" in response.text


def test_signed_in_users_skip_the_login_and_register_pages(as_ana):
    assert as_ana.get("/login", status=303).location == "http://example.com/"
    assert as_ana.get("/register", status=303).location == "http://example.com/"


def test_pages_other_than_login_and_register_need_a_sign_in(testapp, ana):
    for path in ("/explore", "/index", "/user/ana", "/user/ana/edit", "/edit_profile"):
        response = testapp.get(path, status=303)
        assert response.location.startswith("http://example.com/login?next=")


def test_create_user_command_makes_an_account(live_settings, tmp_path):
    from click.testing import CliRunner

    from microblog.scripts import cli

    ini = tmp_path / "app.ini"
    ini.write_text(
        "[app:main]\nuse = egg:microblog\n"
        + "".join(f"{key} = {value}\n" for key, value in live_settings.items())
    )
    result = CliRunner().invoke(
        cli, ["create-user", str(ini), "dora", "dora@example.com", "--password", "dora-password"]
    )
    assert result.exit_code == 0, result.output
    bad = CliRunner().invoke(
        cli, ["create-user", str(ini), "dora", "dora2@example.com", "--password", "dora-password"]
    )
    assert bad.exit_code != 0
    assert "Please use a different username." in bad.output


def test_make_user_helper_logs_in(testapp, dbsession):
    make_user(dbsession, "zed")
    assert login(testapp, "zed").status_int == 303
