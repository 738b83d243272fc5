"""Atom feeds (RFC 4287) of a user's posts, public so that feed readers can fetch them."""

import re
import xml.etree.ElementTree as ET

from pyramid.response import Response
from pyramid.security import NO_PERMISSION_REQUIRED
from pyramid.view import view_config

from ..i18n import _
from ..models import Post, isoformat, utcnow
from ..models.media import load_media
from ..models.tags import tagged
from ..resources.tags import TagContext
from ..resources.users import UserContext
from . import user_url

ATOM = "http://www.w3.org/2005/Atom"
FEED_SIZE = 20
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
TITLE_LENGTH = 60
# the date half of our tag: URIs (RFC 4151); ids must never change, so neither may this
TAG_DATE = "2024"
# XML 1.0 cannot carry most control characters, escaped or not: drop them
NOT_XML_CHARS = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text):
    return NOT_XML_CHARS.sub("", text or "")


def entry_title(request, post):
    """Posts have no titles: the start of the text, cut at a word; a post of pictures
    alone is named by its first picture's description, or else by its author."""
    text = " ".join(post.body.split()) or next(
        (media.description for media in post.media if media.description), ""
    )
    if not text:
        name = {"username": post.author.username}
        return request.localizer.translate(_("Pictures by ${username}", mapping=name))
    if len(text) <= TITLE_LENGTH:
        return text
    cut = text[:TITLE_LENGTH].rsplit(" ", 1)[0] or text[:TITLE_LENGTH]
    return cut + "…"


def tag_uri(request, specific):
    """Ids from the user's and posts' numbers, so renaming an account keeps them."""
    return f"tag:{request.domain},{TAG_DATE}:{specific}"


class AtomBuilder:
    """An Atom document; ElementTree escapes the text, we drop what XML cannot hold."""

    def __init__(self, root_name, **attributes):
        # unprefixed names under a literal default namespace: ElementTree's own
        # ``default_namespace`` option refuses unprefixed attributes such as ``href``
        self.root = ET.Element(root_name, {"xmlns": ATOM, **attributes})

    def add(self, parent, name, text=None, **attributes):
        element = ET.SubElement(parent, name, attributes)
        if text is not None:
            element.text = xml_text(text)
        return element

    def serialize(self):
        return ET.tostring(self.root, encoding="utf-8", xml_declaration=True)


def atom_feed(request, feed_id, title, html_url, self_url, posts, **optional):
    """An Atom document of ``posts``, newest first, as a response feed readers can cache.

    ``optional``: ``subtitle``, ``icon``; ``author`` (a user), when every post is theirs;
    ``since``, the feed's time while it has no post.
    """
    subtitle, owner = optional.get("subtitle"), optional.get("author")
    translate = request.localizer.translate
    atom = AtomBuilder("feed", **{XML_LANG: request.locale_name})
    feed = atom.root
    atom.add(feed, "id", tag_uri(request, feed_id))
    atom.add(feed, "title", translate(title))
    if subtitle:
        atom.add(feed, "subtitle", subtitle)
    newest = max((post.edited_at or post.timestamp for post in posts), default=None)
    atom.add(feed, "updated", isoformat(newest or optional.get("since") or utcnow()))
    if owner is not None:
        author = atom.add(feed, "author")
        atom.add(author, "name", owner.username)
        atom.add(author, "uri", user_url(request, owner))
    atom.add(feed, "link", rel="alternate", type="text/html", href=html_url)
    atom.add(feed, "link", rel="self", type="application/atom+xml", href=self_url)
    if optional.get("icon"):
        atom.add(feed, "icon", optional["icon"])
    atom.add(feed, "generator", "Microblog")

    load_media(request.dbsession, posts)  # the pictures of every entry, in one query
    for post in posts:
        entry = atom.add(feed, "entry")
        post_url = request.resource_url(request.root, "post", post.id)
        atom.add(entry, "id", tag_uri(request, f"post/{post.id}"))
        atom.add(entry, "title", entry_title(request, post))
        atom.add(entry, "published", isoformat(post.timestamp))
        atom.add(entry, "updated", isoformat(post.edited_at or post.timestamp))
        if owner is None:
            author = atom.add(entry, "author")
            atom.add(author, "name", post.author.username)
            atom.add(author, "uri", user_url(request, post.author))
        atom.add(entry, "link", rel="alternate", type="text/html", href=post_url)
        for media in post.media:
            if media.ready:  # one still being encoded joins the feed when it is done
                atom.add(
                    entry,
                    "link",
                    rel="enclosure",
                    type="image/webp",
                    length=str(media.size),
                    href=request.media_url(media.display_key),
                    **({"title": media.description} if media.description else {}),
                )
        if post.body:  # pictures alone are the enclosures, the link their page (RFC 4287, 4.1.2)
            content = atom.add(entry, "content", post.body, type="text")
            if post.language:
                content.set(XML_LANG, post.language)

    response = Response(body=atom.serialize(), content_type="application/atom+xml", charset="utf-8")
    # feed readers poll: let them ask "anything new?" and get a bodiless 304 when not
    response.md5_etag()
    response.conditional_response = True
    return response


@view_config(
    context=UserContext,
    name="feed.atom",
    permission=NO_PERMISSION_REQUIRED,
    request_method="GET",
)
def user_feed(context, request):
    """The user's latest posts, newest first."""
    user = context.user
    posts = request.dbsession.scalars(Post.by_author(user).limit(FEED_SIZE)).all()
    return atom_feed(
        request,
        f"user/{user.id}",
        _("Posts by ${username} on Microblog", mapping={"username": user.username}),
        user_url(request, user),
        user_url(request, user, "feed.atom"),
        posts,
        subtitle=user.about_me,
        icon=request.avatar_url(user, 64),
        author=user,
        since=user.last_seen,
    )


@view_config(
    context=TagContext,
    name="feed.atom",
    permission=NO_PERMISSION_REQUIRED,
    request_method="GET",
)
def tag_feed(context, request):
    """The latest posts carrying the tag, newest first."""
    tag = context.tag
    posts = request.dbsession.scalars(tagged(tag).limit(FEED_SIZE)).all()
    return atom_feed(
        request,
        f"tag/{tag.id}",
        _("Posts tagged #${name} on Microblog", mapping={"name": tag.name}),
        request.resource_url(request.root, "tag", tag.name),
        request.resource_url(request.root, "tag", tag.name, "feed.atom"),
        posts,
    )
