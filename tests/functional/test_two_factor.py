"""Two-factor sign-in: enrolment with a code check, the code after the password, recovery
codes that work once, and API tokens that need the code too."""

import time

import pyotp
import pytest
from sqlalchemy import select

from microblog.models.two_factor import RecoveryCode

from ..support.concurrency import basic
from ..support.factories import PASSWORD, login


def enrol(web):
    """Turn two-factor sign-in on from the settings page; the secret and recovery codes."""
    page = web.get("/settings/two_factor")
    secret = page.html.select_one("code.totp-secret").text
    assert page.html.select_one(".totp-qr svg") is not None, "the QR code is drawn here"
    form = page.forms["enrol"]
    form["code"] = pyotp.TOTP(secret).now()
    done = form.submit()
    codes = [li.text for li in done.html.select("li.recovery-code")]
    return secret, codes


def code_at(secret, offset_steps):
    """The code ``offset_steps`` steps from now (enrolment spent the current step's)."""
    return pyotp.TOTP(secret).at(time.time() + 30 * offset_steps)


def second_step(web, code):
    form = web.get("/login_code").forms["logincodeview"]
    form["code"] = code
    return form.submit()


@pytest.fixture
def enrolled(as_ana, ana):
    secret, codes = enrol(as_ana)
    as_ana.reset()
    return secret, codes


def test_enrolment_turns_it_on_and_shows_ten_recovery_codes_stored_hashed(as_ana, ana, dbsession):
    secret, codes = enrol(as_ana)
    assert ana.totp_secret == secret
    assert len(codes) == len(set(codes)) == 10
    hashes = dbsession.scalars(select(RecoveryCode.code_hash)).all()
    assert len(hashes) == 10 and not set(codes) & set(hashes)
    assert "Two-factor sign-in is on" in as_ana.get("/settings/two_factor").text


def test_a_wrong_code_at_enrolment_leaves_it_off(as_ana, ana):
    page = as_ana.get("/settings/two_factor")
    form = page.forms["enrol"]
    form["code"] = "000000" if pyotp.TOTP(ana.totp_secret or "A" * 32).now() != "000000" else "1"
    answer = form.submit()
    assert "That code is not right" in answer.text
    assert ana.totp_secret is None


def test_the_code_is_asked_after_the_password(testapp, ana, enrolled):
    secret, _codes = enrolled
    asked = login(testapp, "ana")
    assert asked.location == "http://example.com/login_code"
    assert testapp.get("/", status=303).location.startswith("http://example.com/login")
    done = second_step(testapp, code_at(secret, 1))
    assert done.location == "http://example.com/"
    assert testapp.get("/").status_int == 200


def test_a_wrong_totp_code_is_refused_on_its_field(testapp, ana, enrolled):
    secret, _codes = enrolled
    login(testapp, "ana")
    answer = second_step(testapp, code_at(secret, 5))
    assert "That code is not right." in answer.text
    assert testapp.get("/", status=303)


def test_a_code_works_once(testapp, ana, enrolled):
    secret, _codes = enrolled
    code = code_at(secret, 1)
    login(testapp, "ana")
    assert second_step(testapp, code).location == "http://example.com/"
    testapp.reset()
    login(testapp, "ana")
    assert "That code is not right." in second_step(testapp, code).text


def test_recovery_codes_work_once(testapp, ana, enrolled):
    _secret, codes = enrolled
    login(testapp, "ana")
    assert second_step(testapp, codes[0]).location == "http://example.com/"
    testapp.reset()
    login(testapp, "ana")
    assert "That code is not right." in second_step(testapp, codes[0]).text
    assert second_step(testapp, codes[1].upper()).location == "http://example.com/"


def test_the_second_step_without_a_password_first_goes_back_to_sign_in(testapp):
    assert testapp.get("/login_code", status=303).location == "http://example.com/login"


def test_api_tokens_need_the_code_too(testapp, ana, enrolled):
    secret, codes = enrolled
    answer = testapp.post("/api/tokens", headers=basic("ana"), status=401)
    assert "X-TOTP-Code" in answer.json["message"]
    testapp.post("/api/tokens", headers={**basic("ana"), "X-TOTP-Code": "123"}, status=401)
    headers = {**basic("ana"), "X-TOTP-Code": code_at(secret, 1)}
    assert testapp.post("/api/tokens", headers=headers).json["token"]
    headers = {**basic("ana"), "X-TOTP-Code": codes[3]}
    assert testapp.post("/api/tokens", headers=headers).json["token"]


def test_turning_it_off_needs_the_password(testapp, ana, enrolled):
    secret, _codes = enrolled
    login(testapp, "ana")
    second_step(testapp, code_at(secret, 1))
    form = testapp.get("/settings/two_factor").forms["disable"]
    form["current_password"] = "wrong password"
    assert "That is not your current password." in form.submit().text
    assert ana.totp_secret == secret
    form = testapp.get("/settings/two_factor").forms["disable"]
    form["current_password"] = PASSWORD
    form.submit()
    assert ana.totp_secret is None
