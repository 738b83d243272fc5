"""Two-factor sign-in with TOTP (RFC 6238, pyotp): checking a code, or a recovery code.

A code is accepted for the current 30-second step and the one on either side (clocks
drift), and only once: the step it matched is kept (``user.totp_last_step``), and a code of
that step or an earlier one is refused, so that a code seen over a shoulder is spent.
"""

import hmac
import time

import pyotp
import segno

from ..models.two_factor import use_recovery_code

ISSUER = "Microblog"
# steps either side of now that still count
DRIFT = 1


def new_secret():
    return pyotp.random_base32()


def provisioning_uri(secret, username):
    return pyotp.TOTP(secret).provisioning_uri(name=username, issuer_name=ISSUER)


def qr_svg(uri):
    """The QR code of ``uri`` as an inline SVG element, drawn here (no remote service)."""
    return segno.make(uri, error="m").svg_inline(scale=4, border=2, dark="#212529")


def matching_step(secret, code, after=None, now=None):
    """The time step ``code`` is valid for (later than ``after``), or ``None``."""
    code = (code or "").strip().replace(" ", "")
    if not (len(code) == 6 and code.isascii() and code.isdigit()):
        return None
    totp = pyotp.TOTP(secret)
    now = time.time() if now is None else now
    for offset in range(-DRIFT, DRIFT + 1):
        moment = now + offset * totp.interval
        step = int(moment // totp.interval)
        if after is not None and step <= after:
            continue
        if hmac.compare_digest(totp.at(moment), code):
            return step
    return None


def second_factor_ok(dbsession, user, code, now=None):
    """True when ``code`` is ``user``'s current TOTP code (not used before) or one of their
    unused recovery codes (which is then spent)."""
    step = matching_step(user.totp_secret, code, after=user.totp_last_step, now=now)
    if step is not None:
        user.totp_last_step = step
        return True
    return use_recovery_code(dbsession, user, code or "")
