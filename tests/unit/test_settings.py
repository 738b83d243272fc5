import pytest
from pyramid.exceptions import ConfigurationError

from microblog.settings import DEV_SECRET_KEY, load_settings


def test_defaults_put_everything_under_var(tmp_path):
    settings = load_settings({}, environ={}, here=str(tmp_path))
    assert settings["microblog.var_dir"] == str(tmp_path / "var")
    assert settings["sqlalchemy.url"] == f"sqlite:///{tmp_path / 'var' / 'microblog.sqlite'}"
    assert settings["microblog.search_index_dir"] == str(tmp_path / "var" / "search-index")
    assert settings["microblog.posts_per_page"] == 25
    assert settings["microblog.languages"] == ["en", "es"]
    assert settings["microblog.reset_token_expires"] == 600
    assert settings["microblog.token_expires"] == 3600


def test_the_environment_wins_over_the_ini(tmp_path):
    settings = load_settings(
        {"microblog.posts_per_page": "10", "microblog.languages": "en"},
        environ={
            "POSTS_PER_PAGE": "7",
            "LANGUAGES": "en, es ,fr",
            "MAIL_USE_TLS": "yes",
            "ADMINS": "a@example.com,b@example.com",
            "LOG_TO_STDOUT": "0",
        },
        here=str(tmp_path),
    )
    assert settings["microblog.posts_per_page"] == 7
    assert settings["microblog.languages"] == ["en", "es", "fr"]
    assert settings["mail.tls"] is True
    assert settings["microblog.admins"] == ["a@example.com", "b@example.com"]
    assert settings["microblog.log_to_stdout"] is False


@pytest.mark.parametrize(
    "given, expected",
    [
        ("postgres://u:p@db/app", "postgresql+psycopg://u:p@db/app"),
        ("postgresql://u@db/app", "postgresql+psycopg://u@db/app"),
        ("mysql://u@db/app", "mysql+pymysql://u@db/app"),
        ("mariadb://u@db/app?charset=utf8mb4", "mariadb+pymysql://u@db/app?charset=utf8mb4"),
        ("sqlite:////tmp/x.sqlite", "sqlite:////tmp/x.sqlite"),
    ],
)
def test_database_urls_are_given_our_drivers(given, expected, tmp_path):
    settings = load_settings({}, environ={"DATABASE_URL": given}, here=str(tmp_path))
    assert settings["sqlalchemy.url"] == expected


STRONG_KEY = "3f9c1e77b0a24d5e8c6f1a2b9d0e4c7f5a8b2d6e1c3f7a9b0d4e8c2f6a1b5d9e"
PUBLIC = "https://microblog.example.com"


@pytest.mark.parametrize(
    "key",
    [
        None,
        DEV_SECRET_KEY,
        "short",
        # long, but guessable: what counts is randomness, not length
        "a" * 16,
        "x" * 64,
        "passwordpasswordpasswordpassword",
    ],
)
def test_production_refuses_to_start_without_a_random_secret_key(key, tmp_path):
    environ = {"PUBLIC_URL": PUBLIC} | ({"SECRET_KEY": key} if key is not None else {})
    with pytest.raises(ConfigurationError, match="SECRET_KEY"):
        load_settings({"microblog.production": "true"}, environ=environ, here=str(tmp_path))


@pytest.mark.parametrize(
    "key",
    [
        STRONG_KEY,
        # what secrets.token_hex(32), token_urlsafe(32) and token_hex(16) gave once
        "c348624edb0599403755451cad254b186e089fb3ae92269eaec40bb8eda2e60b",
        "RzV-6KPQmCdFlfnn7vbNKxQkRREDe8ZzUPvEOGTpvpc",
        "e5df9d6fc661cc985b8dd936df5eb8b8",
    ],
)
def test_production_starts_with_a_random_secret_key(key, tmp_path):
    settings = load_settings(
        {"microblog.production": "true"},
        environ={"SECRET_KEY": key, "PUBLIC_URL": PUBLIC},
        here=str(tmp_path),
    )
    assert settings["microblog.secret_key"] == key


def test_production_refuses_to_start_without_a_public_url(tmp_path):
    with pytest.raises(ConfigurationError, match="PUBLIC_URL is missing"):
        load_settings(
            {"microblog.production": "true"},
            environ={"SECRET_KEY": STRONG_KEY},
            here=str(tmp_path),
        )


@pytest.mark.parametrize(
    "given, expected",
    [
        ("https://microblog.example.com", "https://microblog.example.com"),
        ("https://microblog.example.com/", "https://microblog.example.com"),
        (" http://localhost:6543 ", "http://localhost:6543"),
        ("", ""),
    ],
)
def test_the_public_url_is_a_scheme_and_a_host(given, expected, tmp_path):
    settings = load_settings({}, environ={"PUBLIC_URL": given}, here=str(tmp_path))
    assert settings["microblog.public_url"] == expected


@pytest.mark.parametrize(
    "given",
    [
        "microblog.example.com",
        "ftp://microblog.example.com",
        "https://microblog.example.com/blog",
        "https://microblog.example.com?x=1",
        "https://user@microblog.example.com",
        "https://microblog.example.com:http",
        "https://",
    ],
)
def test_a_public_url_that_is_not_a_sites_address_stops_the_start(given, tmp_path):
    with pytest.raises(ConfigurationError, match="PUBLIC_URL"):
        load_settings({}, environ={"PUBLIC_URL": given}, here=str(tmp_path))


@pytest.mark.parametrize(
    "environ, variable",
    [
        ({"POSTS_PER_PAGE": "many"}, "POSTS_PER_PAGE"),
        ({"MAIL_USE_TLS": "perhaps"}, "MAIL_USE_TLS"),
        ({"SEARCH_BACKEND": "elasticsearch"}, "SEARCH_BACKEND"),
        ({"TRANSLATOR": "google"}, "TRANSLATOR"),
        ({"POSTS_PER_PAGE": "0"}, "POSTS_PER_PAGE"),
    ],
)
def test_bad_values_stop_the_start_naming_the_variable(environ, variable, tmp_path):
    with pytest.raises(ConfigurationError, match=variable):
        load_settings({}, environ=environ, here=str(tmp_path))


def test_a_dotenv_file_is_read_but_real_variables_win(tmp_path, monkeypatch):
    (tmp_path / ".env").write_text("POSTS_PER_PAGE=11\nLANGUAGES=es\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("LANGUAGES", "en")
    monkeypatch.delenv("POSTS_PER_PAGE", raising=False)
    try:
        settings = load_settings({}, here=str(tmp_path))
    finally:
        monkeypatch.delenv("POSTS_PER_PAGE", raising=False)
    assert settings["microblog.posts_per_page"] == 11
    assert settings["microblog.languages"] == ["en"]


def test_pictures_default_to_a_folder_under_var_and_10_mb(tmp_path):
    settings = load_settings({}, environ={}, here=str(tmp_path))
    assert settings["microblog.media_backend"] == "local"
    assert settings["microblog.media_dir"] == str(tmp_path / "var" / "media")
    assert settings["microblog.media_max_bytes"] == 10 * 1024 * 1024


def test_the_media_settings_come_from_the_environment(tmp_path):
    settings = load_settings(
        {},
        environ={
            "MEDIA_BACKEND": "s3",
            "MEDIA_S3_BUCKET": "pictures",
            "MEDIA_S3_ENDPOINT": "http://127.0.0.1:9000",
            "MEDIA_PUBLIC_URL": "https://cdn.example.com/",
            "MEDIA_MAX_BYTES": "2000000",
            "MEDIA_DIR": "/srv/pictures",
        },
        here=str(tmp_path),
    )
    assert settings["microblog.media_backend"] == "s3"
    assert settings["microblog.media_s3_bucket"] == "pictures"
    assert settings["microblog.media_public_url"] == "https://cdn.example.com"
    assert settings["microblog.media_max_bytes"] == 2_000_000
    assert settings["microblog.media_dir"] == "/srv/pictures"


@pytest.mark.parametrize(
    ("environ", "named"),
    [
        ({"MEDIA_BACKEND": "ftp"}, "MEDIA_BACKEND must be one of local, s3"),
        ({"MEDIA_BACKEND": "s3"}, "MEDIA_BACKEND=s3 needs MEDIA_S3_BUCKET"),
        ({"MEDIA_MAX_BYTES": "0"}, "MEDIA_MAX_BYTES must be a positive number"),
    ],
)
def test_wrong_media_settings_refuse_to_start_saying_why(tmp_path, environ, named):
    with pytest.raises(ConfigurationError, match=named):
        load_settings({}, environ=environ, here=str(tmp_path))
