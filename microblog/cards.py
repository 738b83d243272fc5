"""A post as a list shows it (``macros/card.jinja2``), worked out in Python.

A page shows dozens of posts, and each card asks the same questions: its links, its
avatar, the reader's permissions, its words in the reader's language, its body as HTML.
Asked one by one from the template, they made most of a page's CPU time. Here what is the
same for the whole page (the site's URL, the CSRF token, the labels, the address to come
back to) is worked out once per request, a permission once per kind of ACL, and a body's
HTML once per process (it is a pure function of the text and the mentions).

A :class:`Card` holds every value its template shows, so the card's HTML is a pure
function of the card, its labels and its template: it is kept per process and rendered
again only when something it shows has changed (a count, a permission, an edit). The one
value of a reader's own, the CSRF token of the card's forms, is put in after.
"""

from collections import namedtuple
from dataclasses import dataclass
from functools import cached_property, lru_cache

from markupsafe import Markup
from pyramid.authorization import AllPermissionsList
from pyramid.interfaces import ISecurityPolicy
from pyramid.traversal import PATH_SEGMENT_SAFE, quote_path_segment
from pyramid_jinja2 import IJinja2Environment

from .avatars import GENERATOR_VERSION, gravatar_url
from .i18n import _
from .language import same_language
from .media.avatars import uploaded_avatar_url
from .models import isoformat
from .resources import context_for
from .richtext import render
from .security import Permission
from .security.policy import counterpart, is_blocked
from .security.sessions import CSRF_SLOT

# the words of a card, translated once per request
LABELS = {
    "deleted": _("This post was deleted."),
    "reposted_by": _("Reposted by"),
    "said": _("said"),
    "edited": _("edited"),
    "replying_to": _("Replying to"),
    "replying_to_deleted": _("Replying to a deleted post"),
    "translate": _("Translate"),
    "reply": _("Reply"),
    "like": _("Like"),
    "repost": _("Repost"),
    "report": _("Report"),
    "edit": _("Edit"),
    "delete": _("Delete"),
    "delete_question": _("Delete this post for good?"),
    "delete_confirm": _("Yes, delete it"),
    "picture": _("A picture"),
    "picture_processing": _("Preparing the picture…"),
    "picture_failed": _("This picture could not be shown."),
}
Labels = namedtuple("Labels", LABELS)
CARD_TEMPLATE = "microblog:templates/macros/card.jinja2"
CARDS_KEPT = 4096  # per process; a card's HTML is about 2 KB
# what a card asks of its post's ACL
PERMISSIONS = (
    Permission.REPLY,
    Permission.LIKE,
    Permission.REPOST,
    Permission.REPORT,
    Permission.EDIT,
    Permission.DELETE,
)


def _quoted(segment):
    return quote_path_segment(str(segment), safe=PATH_SEGMENT_SAFE)


@lru_cache(maxsize=8192)
def rendered_body(body, root_url, known_users):
    """``richtext.render`` of a body whose links start at ``root_url``, kept: bodies are
    shown again and again, and rendering them is a pure function of these arguments."""
    return render(
        body,
        tag_url=lambda name: f"{root_url}tag/{_quoted(name)}",
        user_url=lambda username: f"{root_url}user/{_quoted(username)}",
        known_users=known_users,
    )


class Decisions:
    """``request.has_permission(permission, context_for(request, row))`` for many rows,
    decided once per kind of ACL: the answer only depends on which entries of the row's
    ACL name one of the reader's principals, and on whether a block stands between the
    reader and the row's author (the parents' ACLs are the same for every row of a
    kind)."""

    def __init__(self, request):
        self.request = request
        self.policy = request.registry.getUtility(ISecurityPolicy)
        self.reader = self.principals = None
        self.known = {}

    def permits(self, permission, row):
        return self.of(row, permission)[0]

    def of(self, row, *permissions):
        """Whether each of ``permissions`` is granted on ``row``."""
        request = self.request
        if request.user is not self.reader or self.principals is None:
            # someone else from now on (signing in or out): what was decided is not theirs
            self.reader, self.known = request.user, {}
            self.principals = frozenset(self.policy.effective_principals(request))
        context = context_for(request, row)
        acl = context.__acl__() if callable(context.__acl__) else context.__acl__
        shape = (
            type(context),
            # a block between the reader and the row's author takes some permissions away
            self.reader is not None and self._blocked(context),
            *(
                (action, principal in self.principals, _hashable(granted))
                for action, principal, granted in acl
            ),
        )
        known = self.known.setdefault(shape, {})
        decisions = []
        for permission in permissions:
            decision = known.get(permission)
            if decision is None:
                decision = known[permission] = bool(
                    self.policy.permits(request, context, permission)
                )
            decisions.append(decision)
        return decisions

    def _blocked(self, context):
        other = counterpart(context)
        return other is not None and is_blocked(self.request, other)


_EVERY_PERMISSION = object()  # ALL_PERMISSIONS, in a key


def _hashable(permissions):
    if isinstance(permissions, str):
        return permissions
    if isinstance(permissions, AllPermissionsList):
        return _EVERY_PERMISSION
    return tuple(permissions)


def decisions(request):
    """``request.decisions``: the permission checks of this request's lists."""
    return Decisions(request)


@dataclass(frozen=True, slots=True)
class Toggle:
    """A like or repost button: a form posting to ``url``."""

    action: str
    pressed: bool
    label: str
    count: int
    url: str


@dataclass(frozen=True, slots=True)
class Picture:
    """A picture of a post: its links and sizes (the files' URLs), or a box of its shape
    while a worker is still encoding it."""

    ready: bool
    state: str
    description: str
    display_url: str
    preview_url: str
    width: int
    height: int
    preview_width: int
    preview_height: int


@dataclass(slots=True, unsafe_hash=True)
class Card:
    """Everything a post's card shows: its HTML is a function of this alone (and of its
    labels), so equal cards share it."""

    post_id: int
    url: str
    depth: int
    current: bool = False
    deleted: bool = False
    username: str = ""
    author_url: str = ""
    avatar: str = ""
    iso: str = ""
    when: str = ""
    edited: bool = False
    reposter: str = ""
    reposter_url: str = ""
    parent_url: str = ""
    replying_to: str = ""
    body: str = ""
    language: str = ""
    pictures: tuple = ()
    translatable: bool = False
    translate_to: str = ""
    may_reply: bool = False
    reply_count: int = 0
    toggles: tuple = ()
    may_report: bool = False
    may_edit: bool = False
    may_delete: bool = False
    back: str = ""  # the page to come back to, for a card with forms

    @property
    def has_forms(self):
        return bool(self.toggles or self.may_delete)


@lru_cache(maxsize=CARDS_KEPT)
def card_html(template, card, labels):
    """The HTML of ``card`` (with :data:`CSRF_SLOT` for the token), kept per process."""
    return template.render(card=card, labels=labels, csrf=Markup(CSRF_SLOT))


class Cards:
    """``request.cards``: the cards of this request's posts (``card(entry)``) and their
    HTML (``html(entry)``, ``list_html(entries)``)."""

    def __init__(self, request):
        self.request = request
        self.root_url = request.root_url
        localizer = request.localizer
        self.labels = Labels(**{name: localizer.translate(label) for name, label in LABELS.items()})
        self.gravatar = request.registry.settings["microblog.avatars"] == "gravatar"
        self.reader = request.user
        self.locale_name = request.locale_name
        self.offers_translation = bool(request.can_translate and self.reader)
        self._same_language = {}

    @cached_property
    def template(self):
        environment = self.request.registry.queryUtility(IJinja2Environment, name=".jinja2")
        return environment.get_template(CARD_TEMPLATE)

    @cached_property
    def csrf_token(self):
        # asked only for a card with a form: a visitor's page makes no session
        return self.request.session.get_csrf_token()

    @cached_property
    def back(self):
        """Where a card's forms send the reader back to: this page."""
        return self.request.path_qs

    def url(self, *segments):
        return self.root_url + "/".join(_quoted(segment) for segment in segments)

    def avatar(self, user, size):
        """``request.avatar_url(user, size)``, without a URL generator per post."""
        uploaded = uploaded_avatar_url(self.request, user, size)
        if uploaded:
            return uploaded
        if self.gravatar:
            return gravatar_url(user.email, size)
        return f"{self.root_url}avatar/{user.id}.svg?v={GENERATOR_VERSION}"

    def html(self, entry, current=False):
        """The card of ``entry`` as HTML, for this reader."""
        card = self.card(entry, current)
        html = card_html(self.template, card, self.labels)
        if card.has_forms:
            html = html.replace(CSRF_SLOT, self.csrf_token)
        return Markup(html)

    def list_html(self, entries):
        """The cards of ``entries`` as HTML, one after the other (a list's posts)."""
        return Markup("\n".join(self.html(entry) for entry in entries))

    def card(self, entry, current=False):
        post = entry.post
        post_url = f"{self.root_url}post/{post.id}"
        depth = min(entry.depth - 1, 4) if entry.depth else 0
        card = Card(post.id, post_url, depth, current)
        if post.deleted:
            card.deleted = True
            return card
        author = post.author
        card.username = author.username
        card.author_url = self.url("user", author.username)
        card.avatar = self.avatar(author, 48)
        card.iso = isoformat(post.timestamp)
        card.when = post.timestamp.strftime("%Y-%m-%d %H:%M")
        card.edited = post.edited_at is not None
        if entry.reposted_by:
            card.reposter = entry.reposted_by.username
            card.reposter_url = self.url("user", card.reposter)
        if post.in_reply_to_id:
            card.parent_url = f"{self.root_url}post/{post.in_reply_to_id}"
            card.replying_to = entry.replying_to or ""
        card.body = rendered_body(post.body, self.root_url, frozenset(entry.mentions))
        card.language = post.language or ""
        card.pictures = tuple(self.picture(media) for media in post.media)
        if self.offers_translation and post.language and not self._same(post.language):
            card.translatable, card.translate_to = True, self.locale_name
        may_reply, may_like, may_repost, may_report, may_edit, may_delete = (
            self.request.decisions.of(post, *PERMISSIONS)
        )
        card.may_reply, card.reply_count = may_reply, post.reply_count
        card.toggles = tuple(
            Toggle(
                action,
                pressed,
                getattr(self.labels, action),
                count,
                f"{post_url}/{'un' + action if pressed else action}",
            )
            for action, granted, pressed, count in (
                ("like", may_like, entry.liked, post.like_count),
                ("repost", may_repost, entry.reposted, post.repost_count),
            )
            if granted
        )
        card.may_report = bool(self.reader and may_report)
        card.may_edit, card.may_delete = may_edit, may_delete
        if card.has_forms:
            card.back = self.back
        return card

    def picture(self, media):
        media_url = self.request.media_url
        ready = media.ready
        return Picture(
            ready,
            media.state,
            media.description or "",
            media_url(media.display_key) if ready else "",
            media_url(media.preview_key) if ready else "",
            media.width,
            media.height,
            media.preview_width,
            media.preview_height,
        )

    def _same(self, language):
        same = self._same_language.get(language)
        if same is None:
            same = self._same_language[language] = same_language(language, self.locale_name)
        return same


def includeme(config):
    config.add_request_method(Cards, "cards", reify=True)
    config.add_request_method(decisions, reify=True)
