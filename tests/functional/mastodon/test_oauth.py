"""OAuth 2 as Mastodon clients use it: registration, the consent page, the grants, PKCE,
refresh, revocation, and the errors of each."""

from datetime import timedelta

from sqlalchemy import select

from microblog.models import OAuthCode, OAuthToken, utcnow

from ...support.factories import login
from .conftest import (
    OOB,
    REDIRECT,
    approve,
    authorise,
    bearer,
    code_from,
    consent_page,
    exchange,
    pkce_pair,
    register,
)


def test_an_application_registers_and_gets_its_credentials_once(testapp):
    app = register(testapp, "read write", f"{REDIRECT}\n{OOB}")
    assert app["name"] == "Client"
    assert app["redirect_uris"] == [REDIRECT, OOB]
    assert app["scopes"] == ["read", "write"]
    assert app["client_id"] and app["client_secret"]


def test_registration_refuses_unknown_scopes_and_missing_redirect_uris(testapp):
    answer = testapp.post(
        "/api/v1/apps",
        {"client_name": "x", "redirect_uris": REDIRECT, "scopes": "read admin:everything"},
        status=422,
    )
    assert answer.json["error"].startswith("Validation failed")
    testapp.post("/api/v1/apps", {"client_name": "x", "scopes": "read"}, status=422)


def test_the_consent_page_needs_a_signed_in_user(testapp, ana):
    app = register(testapp)
    answer = consent_page(testapp, app, "read", status=303)
    assert "/login?next=" in answer.location


def test_the_whole_flow_gives_a_token_for_the_approved_scopes(testapp, ana):
    app = register(testapp)
    login(testapp, "ana")
    page = consent_page(testapp, app, "read write", state="xyz")
    assert "Client" in page.text and "read" in page.text and "write" in page.text
    # the browser may follow the decision's redirect to the application
    assert "form-action 'self' https://client.example;" in page.headers["Content-Security-Policy"]
    answer = approve(page)
    assert answer.location.startswith(REDIRECT + "?")
    assert "state=xyz" in answer.location
    testapp.reset()
    token = exchange(testapp, app, code_from(answer)).json
    assert token["token_type"] == "Bearer"
    assert token["scope"] == "read write"
    assert "expires_in" not in token and token["created_at"] > 0
    me = testapp.get("/api/v1/accounts/verify_credentials", headers=bearer(token["access_token"]))
    assert me.json["username"] == "ana"


def test_tokens_and_codes_are_stored_as_digests_only(testapp, dbsession, ana):
    token = authorise(testapp, "ana")
    stored = dbsession.scalars(select(OAuthToken)).all()
    assert stored and all(
        token not in (row.token_digest, row.refresh_token_digest) for row in stored
    )
    assert all(len(row.token_digest) == 64 for row in stored)


def test_the_out_of_band_redirect_shows_the_code_to_copy(testapp, ana):
    app = register(testapp, "read", OOB)
    login(testapp, "ana")
    answer = approve(consent_page(testapp, app, "read", redirect_uri=OOB))
    assert answer.status_int == 200
    code = code_from(answer)
    testapp.reset()
    assert exchange(testapp, app, code, redirect_uri=OOB).json["access_token"]


def test_the_consent_page_is_in_spanish_for_spanish_readers(testapp, ana):
    app = register(testapp)
    login(testapp, "ana")
    page = consent_page(testapp, app, "read", headers={"Accept-Language": "es"})
    assert "¿Autorizar a Client?" in page.text
    assert "Leer todo lo de tu cuenta" in page.text


def test_denying_sends_the_client_access_denied(testapp, ana):
    app = register(testapp)
    login(testapp, "ana")
    answer = approve(consent_page(testapp, app, "read", state="s1"), decision="deny")
    assert answer.location.startswith(REDIRECT) and "error=access_denied" in answer.location
    assert "state=s1" in answer.location


def test_the_decision_needs_the_csrf_token(testapp, ana):
    app = register(testapp)
    login(testapp, "ana")
    consent_page(testapp, app, "read")
    data = {
        "client_id": app["client_id"],
        "redirect_uri": REDIRECT,
        "response_type": "code",
        "scope": "read",
        "decision": "approve",
    }
    testapp.post("/oauth/authorize", data, status=400)


def test_a_redirect_uri_the_application_did_not_register_is_refused_on_the_page(testapp, ana):
    app = register(testapp)
    login(testapp, "ana")
    page = consent_page(testapp, app, "read", redirect_uri="https://evil.example/steal", status=400)
    assert "evil.example" not in page.headers.get("Location", "")


def test_the_code_is_bound_to_its_redirect_uri(testapp, ana):
    app = register(testapp, redirect_uris=f"{REDIRECT}\nhttps://client.example/other")
    login(testapp, "ana")
    code = code_from(approve(consent_page(testapp, app, "read")))
    testapp.reset()
    answer = exchange(testapp, app, code, redirect_uri="https://client.example/other", status=400)
    assert answer.json["error"] == "invalid_request" or answer.json["error"] == "invalid_grant"


def test_scopes_beyond_the_registered_ones_are_refused(testapp, ana):
    app = register(testapp, "read")
    login(testapp, "ana")
    answer = consent_page(testapp, app, "read write", status=302)
    assert "error=invalid_scope" in answer.location


def test_pkce_with_the_right_verifier_succeeds_and_a_wrong_one_fails(testapp, ana):
    app = register(testapp)
    verifier, challenge = pkce_pair()
    login(testapp, "ana")
    page = consent_page(
        testapp, app, "read", code_challenge=challenge, code_challenge_method="S256"
    )
    code = code_from(approve(page))
    page = consent_page(
        testapp, app, "read", code_challenge=challenge, code_challenge_method="S256"
    )
    second = code_from(approve(page))
    testapp.reset()
    wrong = exchange(testapp, app, code, code_verifier=pkce_pair()[0], status=400)
    assert wrong.json["error"] == "invalid_grant"
    assert exchange(testapp, app, second, code_verifier=verifier).json["access_token"]


def test_a_code_works_once(testapp, ana):
    app = register(testapp)
    login(testapp, "ana")
    code = code_from(approve(consent_page(testapp, app, "read")))
    testapp.reset()
    exchange(testapp, app, code)
    assert exchange(testapp, app, code, status=400).json["error"] == "invalid_grant"


def test_an_expired_code_is_refused(testapp, dbsession, ana):
    app = register(testapp)
    login(testapp, "ana")
    code = code_from(approve(consent_page(testapp, app, "read")))
    for row in dbsession.scalars(select(OAuthCode)):
        row.expires_at = utcnow() - timedelta(seconds=1)
    dbsession.flush()
    testapp.reset()
    assert exchange(testapp, app, code, status=400).json["error"] == "invalid_grant"


def test_a_wrong_client_secret_is_refused(testapp, ana):
    app = register(testapp)
    login(testapp, "ana")
    code = code_from(approve(consent_page(testapp, app, "read")))
    testapp.reset()
    answer = exchange(testapp, {**app, "client_secret": "nope"}, code, status=401)
    assert answer.json["error"] == "invalid_client"


def test_client_credentials_give_a_token_of_the_application_alone(testapp):
    app = register(testapp, "read")
    answer = testapp.post(
        "/oauth/token",
        {
            "grant_type": "client_credentials",
            "client_id": app["client_id"],
            "client_secret": app["client_secret"],
            "scope": "read",
        },
    )
    token = answer.json["access_token"]
    assert "refresh_token" not in answer.json
    verified = testapp.get("/api/v1/apps/verify_credentials", headers=bearer(token))
    assert verified.json["name"] == "Client"
    # no user: what the site shows only to signed-in people stays closed
    answer = testapp.get("/api/v1/timelines/public", headers=bearer(token), status=401)
    assert answer.json == {"error": "The access token is invalid"}


def test_a_refresh_token_gives_a_new_token_and_retires_the_old_one(testapp, ana):
    app = register(testapp)
    login(testapp, "ana")
    code = code_from(approve(consent_page(testapp, app, "read")))
    testapp.reset()
    first = exchange(testapp, app, code).json
    second = testapp.post(
        "/oauth/token",
        {
            "grant_type": "refresh_token",
            "refresh_token": first["refresh_token"],
            "client_id": app["client_id"],
            "client_secret": app["client_secret"],
        },
    ).json
    assert second["access_token"] != first["access_token"]
    assert second["scope"] == "read"
    me = testapp.get("/api/v1/accounts/verify_credentials", headers=bearer(second["access_token"]))
    assert me.json["username"] == "ana"
    testapp.get(
        "/api/v1/accounts/verify_credentials", headers=bearer(first["access_token"]), status=401
    )


def test_a_revoked_token_no_longer_works(testapp, ana):
    app = register(testapp)
    token = authorise(testapp, "ana", "read", app=app)
    testapp.get("/api/v1/accounts/verify_credentials", headers=bearer(token))
    answer = testapp.post(
        "/oauth/revoke",
        {"token": token, "client_id": app["client_id"], "client_secret": app["client_secret"]},
    )
    assert answer.json == {}
    answer = testapp.get("/api/v1/accounts/verify_credentials", headers=bearer(token), status=401)
    assert answer.json == {"error": "The access token is invalid"}
    assert "invalid_token" in answer.headers["WWW-Authenticate"]


def test_the_server_describes_itself(testapp):
    meta = testapp.get("/.well-known/oauth-authorization-server").json
    assert meta["token_endpoint"] == "http://example.com/oauth/token"
    assert "authorization_code" in meta["grant_types_supported"]
    assert "S256" in meta["code_challenge_methods_supported"]


def test_the_settings_page_lists_authorised_apps_and_revokes_them(testapp, ana):
    token = authorise(testapp, "ana", "read")
    login(testapp, "ana")
    page = testapp.get("/settings/apps")
    assert page.html.select_one(".authorised-app .app-name").text == "Client"
    revoke = next(f for f in page.forms.values() if "application_id" in f.fields)
    assert "The app can no longer use your account." in revoke.submit().follow().text
    answer = testapp.get("/api/v1/accounts/verify_credentials", headers=bearer(token), status=401)
    assert answer.json["error"] == "The access token is invalid"
    assert "You have not authorised any app." in testapp.get("/settings/apps").text
