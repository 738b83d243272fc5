"""``/api/v1/instance`` and ``/api/v2/instance``: what this site is and allows; and the
empty answers to features it does not have."""

from pyramid.security import NO_PERMISSION_REQUIRED

from ...media.images import ACCEPT
from ...models import POSTS, USERS, total
from ...models.media import MAX_PER_POST
from ...models.post import BODY_MAX_LENGTH
from ...resources.mastodon import Empty, Instance, Preferences
from ...security import Permission
from . import PUBLIC, mastodon_view

# the Mastodon version whose API this one follows, for clients that check it
MASTODON_VERSION = "4.3.0"


# the site has no polls: every limit is zero
NO_POLLS = {
    "max_options": 0,
    "max_characters_per_option": 0,
    "min_expiration": 0,
    "max_expiration": 0,
}


def _names(request):
    host = request.host.split(":")[0] if request.host else "localhost"
    return host, f"{MASTODON_VERSION} (compatible; Microblog 1.0.0)"


def _statuses_configuration():
    return {
        "max_characters": BODY_MAX_LENGTH,
        "max_media_attachments": MAX_PER_POST,
        "characters_reserved_per_url": 23,
    }


def _media_configuration(request):
    return {
        "supported_mime_types": ACCEPT.split(","),
        "image_size_limit": request.registry.settings["microblog.media_max_bytes"],
        "image_matrix_limit": 16777216,
        "video_size_limit": 0,
        "video_frame_rate_limit": 0,
        "video_matrix_limit": 0,
    }


def _languages(request):
    return list(request.registry.settings["microblog.languages"])


@mastodon_view(
    context=Instance, request_method="GET", permission=NO_PERMISSION_REQUIRED, scope=PUBLIC
)
def instance(context, request):
    domain, version = _names(request)
    if context.__parent__.__name__ == "v2":
        return _v2(request, domain, version)
    session = request.dbsession
    return {
        "uri": domain,
        "title": "Microblog",
        "short_description": "A microblog of short posts",
        "description": "A microblog of short posts",
        "email": "",
        "version": version,
        "urls": {"streaming_api": ""},
        "stats": {
            "user_count": total(session, USERS),
            "status_count": total(session, POSTS),
            "domain_count": 0,
        },
        "thumbnail": None,
        "languages": _languages(request),
        "registrations": True,
        "approval_required": False,
        "invites_enabled": False,
        "configuration": {
            "accounts": {"max_featured_tags": 0},
            "statuses": _statuses_configuration(),
            "media_attachments": _media_configuration(request),
            "polls": NO_POLLS,
        },
        "contact_account": None,
        "rules": [],
    }


def _v2(request, domain, version):
    return {
        "domain": domain,
        "title": "Microblog",
        "version": version,
        "source_url": "https://github.com/miguelgrinberg/microblog",
        "description": "A microblog of short posts",
        "usage": {"users": {"active_month": total(request.dbsession, USERS)}},
        "thumbnail": {"url": request.static_url("microblog:static/favicon.svg")},
        "icon": [],
        "languages": _languages(request),
        "configuration": {
            "urls": {"streaming": "", "status": None},
            "vapid": {"public_key": ""},
            "accounts": {"max_featured_tags": 0, "max_pinned_statuses": 0},
            "statuses": _statuses_configuration(),
            "media_attachments": _media_configuration(request),
            "polls": NO_POLLS,
            "translation": {"enabled": False},
        },
        "registrations": {"enabled": True, "approval_required": False, "message": None},
        "api_versions": {"mastodon": 2},
        "contact": {"email": "", "account": None},
        "rules": [],
    }


@mastodon_view(context=Empty, request_method="GET", permission=Permission.VIEW, scope="read")
def empty(context, request):
    return []


@mastodon_view(
    context=Preferences, request_method="GET", permission=Permission.VIEW, scope="read:accounts"
)
def preferences(context, request):
    return {
        "posting:default:visibility": "public",
        "posting:default:sensitive": False,
        "posting:default:language": None,
        "reading:expand:media": "default",
        "reading:expand:spoilers": False,
    }
