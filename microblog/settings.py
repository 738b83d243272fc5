"""The one place that reads the environment.

Every ini key has an environment variable that overrides it (DESIGN.md, "Settings"). The
ini gives the defaults of a deployment, the environment (and a ``.env`` file) the secrets
and the machine-specific parts, so the environment wins.
"""

import math
import os
import zlib
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import limits
from dotenv import load_dotenv
from pyramid.exceptions import ConfigurationError

DEV_SECRET_KEY = "dev-secret-key-not-for-production"
# what a production SECRET_KEY must hold at least, as estimated by secret_bits()
SECRET_KEY_MIN_BITS = 100
TRUE_WORDS = {"true", "1", "yes", "on"}
FALSE_WORDS = {"false", "0", "no", "off", ""}


def boolean(value):
    if isinstance(value, bool):
        return value
    word = str(value).strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ValueError(f"not a boolean: {value!r} (use true/false, 1/0 or yes/no)")


def comma_list(value):
    if isinstance(value, (list, tuple)):
        return list(value)
    return [item.strip() for item in str(value).split(",") if item.strip()]


def database_url(value):
    # Heroku-style URLs say postgres://, which SQLAlchemy 2 no longer accepts; the psycopg 3
    # driver is the one we install.
    value = str(value).strip()
    for prefix in ("postgres://", "postgresql://"):
        if value.startswith(prefix):
            return "postgresql+psycopg://" + value[len(prefix) :]
    for prefix in ("mysql://", "mariadb://"):
        if value.startswith(prefix):
            return prefix[:-3] + "+pymysql://" + value[len(prefix) :]
    return value


def text(value):
    return str(value).strip()


def public_url(value):
    """``scheme://host[:port]``, the site's address as its visitors type it, or empty."""
    value = str(value).strip().rstrip("/")
    if not value:
        return ""
    parts = urlsplit(value)
    if (
        parts.scheme not in ("http", "https")
        or not parts.hostname
        or parts.path
        or parts.query
        or parts.fragment
        or parts.username
        or parts.port == 0  # (and a port that is not a number raises ValueError)
    ):
        raise ValueError(f"not a site's base URL (https://host[:port]): {value!r}")
    return value


def rate_limit(value):
    """A limit in the `limits` library's notation: ``10 per 15 minutes``, ``60/minute``."""
    if isinstance(value, limits.RateLimitItem):
        return value
    try:
        return limits.parse(str(value))
    except ValueError as error:
        raise ValueError(f"not a rate limit such as '10 per 15 minutes': {value!r}") from error


def secret_bits(key):
    """How many bits of randomness ``key`` holds at most: its length times the Shannon
    entropy of its characters, or less when it compresses (a repeated pattern)."""
    if not key:
        return 0
    counts = Counter(key)
    per_character = -sum(n / len(key) * math.log2(n / len(key)) for n in counts.values())
    data = key.encode("utf-8")
    compressed = 8 * (len(zlib.compress(data, 9)) - len(zlib.compress(data[:1], 9)))
    return min(len(key) * per_character, compressed)


# (ini key, environment variable, parser, default)
OVERRIDES = [
    ("microblog.secret_key", "SECRET_KEY", text, DEV_SECRET_KEY),
    ("microblog.var_dir", "VAR_DIR", text, "var"),
    ("sqlalchemy.url", "DATABASE_URL", database_url, ""),
    ("microblog.redis_url", "REDIS_URL", text, ""),
    ("mail.host", "MAIL_SERVER", text, ""),
    ("mail.port", "MAIL_PORT", int, 25),
    ("mail.tls", "MAIL_USE_TLS", boolean, False),
    ("mail.username", "MAIL_USERNAME", text, ""),
    ("mail.password", "MAIL_PASSWORD", text, ""),
    ("mail.default_sender", "MAIL_DEFAULT_SENDER", text, "no-reply@microblog.localhost"),
    ("microblog.admins", "ADMINS", comma_list, []),
    ("microblog.posts_per_page", "POSTS_PER_PAGE", int, 25),
    ("microblog.languages", "LANGUAGES", comma_list, ["en", "es"]),
    ("microblog.log_to_stdout", "LOG_TO_STDOUT", boolean, False),
    ("microblog.search_backend", "SEARCH_BACKEND", text, "whoosh"),
    ("microblog.search_index_dir", "SEARCH_INDEX_DIR", text, ""),
    ("microblog.translator", "TRANSLATOR", text, "none"),
    ("microblog.ms_translator_key", "MS_TRANSLATOR_KEY", text, ""),
    ("microblog.ms_translator_region", "MS_TRANSLATOR_REGION", text, ""),
    (
        "microblog.ms_translator_url",
        "MS_TRANSLATOR_URL",
        text,
        "https://api.cognitive.microsofttranslator.com",
    ),
    ("microblog.libretranslate_url", "LIBRETRANSLATE_URL", text, ""),
    ("microblog.libretranslate_key", "LIBRETRANSLATE_KEY", text, ""),
    ("microblog.reset_token_expires", "RESET_TOKEN_EXPIRES", int, 600),
    ("microblog.token_expires", "TOKEN_EXPIRES", int, 3600),
    ("microblog.avatars", "AVATARS", text, "generated"),
    ("microblog.media_backend", "MEDIA_BACKEND", text, "local"),
    ("microblog.media_dir", "MEDIA_DIR", text, ""),
    ("microblog.media_max_bytes", "MEDIA_MAX_BYTES", int, 10 * 1024 * 1024),
    ("microblog.media_s3_endpoint", "MEDIA_S3_ENDPOINT", text, ""),
    ("microblog.media_s3_bucket", "MEDIA_S3_BUCKET", text, ""),
    ("microblog.media_s3_region", "MEDIA_S3_REGION", text, ""),
    ("microblog.media_s3_access_key", "MEDIA_S3_ACCESS_KEY", text, ""),
    ("microblog.media_s3_secret_key", "MEDIA_S3_SECRET_KEY", text, ""),
    ("microblog.media_public_url", "MEDIA_PUBLIC_URL", text, ""),
    ("microblog.public_url", "PUBLIC_URL", public_url, ""),
    # failed sign-ins and token requests per account, and per client address
    (
        "microblog.ratelimit_login_account",
        "RATELIMIT_LOGIN_ACCOUNT",
        rate_limit,
        "10 per 15 minutes",
    ),
    (
        "microblog.ratelimit_login_address",
        "RATELIMIT_LOGIN_ADDRESS",
        rate_limit,
        "100 per 15 minutes",
    ),
    # registrations (and reset requests) per address; posts and messages per account
    ("microblog.ratelimit_register", "RATELIMIT_REGISTER", rate_limit, "20 per hour"),
    ("microblog.ratelimit_post", "RATELIMIT_POST", rate_limit, "60 per minute"),
    # new accounts confirm their address before they post or message
    ("microblog.require_email_verification", "REQUIRE_EMAIL_VERIFICATION", boolean, False),
    # how long the links that confirm an address work (seconds)
    ("microblog.email_token_expires", "EMAIL_TOKEN_EXPIRES", int, 86400),
    # days between asking for an account's deletion and its removal (signing in cancels)
    ("microblog.deletion_grace_days", "DELETION_GRACE_DAYS", int, 14),
]

# ini-only keys (no environment variable of their own)
INI_ONLY = [
    ("microblog.production", boolean, False),
    # seconds a translation service gets to answer: the reader is watching a spinner
    ("microblog.translator_timeout", float, 5.0),
    ("microblog.secure_cookies", boolean, False),
    # images larger than this (width x height) are re-encoded by a worker, not the request:
    # see README, "Pictures", for the measurements behind the default
    ("microblog.media_inline_pixels", int, 2_500_000),
    # seconds the Whoosh index gathers the posts of web requests into one write (0: each
    # request writes its own, before it answers); services/index_batches.py
    ("microblog.search_index_delay", float, 0.25),
]


def load_settings(ini_settings=None, environ=None, here=None):
    """Merge the ini with the environment, coerce every value and check the result.

    ``environ`` defaults to ``os.environ`` after reading a ``.env`` file from the working
    directory (real environment variables win over the file).
    """
    if environ is None:
        load_dotenv(Path.cwd() / ".env", override=False)
        environ = os.environ
    settings = dict(ini_settings or {})
    here = here or settings.get("here") or os.getcwd()
    for key, variable, parse, default in OVERRIDES:
        raw = environ.get(variable, settings.get(key, default))
        try:
            settings[key] = parse(raw)
        except ValueError as error:
            raise ConfigurationError(f"{variable} / {key}: {error}") from error
    for key, parse, default in INI_ONLY:
        try:
            settings[key] = parse(settings.get(key, default))
        except ValueError as error:
            raise ConfigurationError(f"{key}: {error}") from error
    _derive_paths(settings, here)
    _check(settings)
    return settings


def _derive_paths(settings, here):
    var_dir = Path(settings["microblog.var_dir"])
    if not var_dir.is_absolute():
        var_dir = Path(here) / var_dir
    settings["microblog.var_dir"] = str(var_dir)
    if not settings["sqlalchemy.url"]:
        settings["sqlalchemy.url"] = f"sqlite:///{var_dir / 'microblog.sqlite'}"
    if not settings["microblog.search_index_dir"]:
        settings["microblog.search_index_dir"] = str(var_dir / "search-index")
    settings["microblog.mail_dir"] = str(var_dir / "mail")
    media_dir = Path(settings["microblog.media_dir"] or var_dir / "media")
    settings["microblog.media_dir"] = str(
        media_dir if media_dir.is_absolute() else Path(here) / media_dir
    )
    settings["microblog.media_public_url"] = settings["microblog.media_public_url"].rstrip("/")
    settings["microblog.log_dir"] = str(var_dir / "log")


def _check_production(settings):
    key = settings["microblog.secret_key"]
    how = (
        "set the SECRET_KEY environment variable to a long random string (for example the "
        "output of `python -c 'import secrets; print(secrets.token_hex(32))'`) before "
        "starting in production."
    )
    if not key or key == DEV_SECRET_KEY:
        raise ConfigurationError(f"SECRET_KEY is missing or is the development default: {how}")
    if secret_bits(key) < SECRET_KEY_MIN_BITS:
        raise ConfigurationError(
            f"SECRET_KEY is too easy to guess (about {secret_bits(key):.0f} bits of "
            f"randomness, {SECRET_KEY_MIN_BITS} needed): {how}"
        )
    if not settings["microblog.public_url"]:
        raise ConfigurationError(
            "PUBLIC_URL is missing: set it to the site's address as visitors type it "
            "(for example https://microblog.example.com) before starting in production; "
            "the links in mail, feeds and the API are made from it, never from the "
            "request's Host header."
        )


def _check(settings):
    if settings["microblog.production"]:
        _check_production(settings)
    if settings["microblog.search_index_delay"] < 0:
        raise ConfigurationError("microblog.search_index_delay must not be negative")
    if not settings["microblog.translator_timeout"] > 0:
        raise ConfigurationError("microblog.translator_timeout must be a positive number")
    if settings["microblog.posts_per_page"] < 1:
        raise ConfigurationError("POSTS_PER_PAGE must be a positive number")
    if not settings["microblog.languages"]:
        raise ConfigurationError("LANGUAGES must name at least one language")
    if settings["microblog.media_max_bytes"] < 1:
        raise ConfigurationError("MEDIA_MAX_BYTES must be a positive number")
    if settings["microblog.media_backend"] == "s3" and not settings["microblog.media_s3_bucket"]:
        raise ConfigurationError("MEDIA_BACKEND=s3 needs MEDIA_S3_BUCKET (and its keys)")
    choices = {
        "microblog.media_backend": ("MEDIA_BACKEND", {"local", "s3"}),
        "microblog.search_backend": ("SEARCH_BACKEND", {"whoosh", "postgresql"}),
        "microblog.translator": ("TRANSLATOR", {"none", "microsoft", "libretranslate"}),
        "microblog.avatars": ("AVATARS", {"generated", "gravatar"}),
    }
    for key, (variable, allowed) in choices.items():
        if settings[key] not in allowed:
            raise ConfigurationError(
                f"{variable} must be one of {', '.join(sorted(allowed))}, not {settings[key]!r}"
            )
