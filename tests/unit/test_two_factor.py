"""TOTP codes: a step either side of now counts, further does not, and a step used is spent."""

import pyotp

from microblog.security.two_factor import matching_step, new_secret, qr_svg

NOW = 1_800_000_000.0


def test_a_code_of_the_step_before_or_after_counts_but_not_two_away():
    secret = new_secret()
    totp = pyotp.TOTP(secret)
    step = int(NOW // 30)
    for offset in (-1, 0, 1):
        assert matching_step(secret, totp.at(NOW + 30 * offset), now=NOW) == step + offset
    for offset in (-2, 2):
        assert matching_step(secret, totp.at(NOW + 30 * offset), now=NOW) is None


def test_a_step_already_used_is_refused_and_junk_is_no_code():
    secret = new_secret()
    code = pyotp.TOTP(secret).at(NOW)
    step = matching_step(secret, code, now=NOW)
    assert matching_step(secret, code, after=step, now=NOW) is None
    for junk in ("", "12345", "1234567", "abcdef", "１２３４５６", None):
        assert matching_step(secret, junk, now=NOW) is None


def test_the_qr_code_is_an_svg_drawn_here():
    svg = qr_svg(pyotp.TOTP(new_secret()).provisioning_uri(name="ana", issuer_name="Microblog"))
    assert svg.startswith("<svg") and "http" not in svg.split(">", 1)[0].replace(
        "http://www.w3.org", ""
    )
