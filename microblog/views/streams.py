"""Lists of posts *and reposts*, on the one pagination (``pagination``, ``lists``).

The home timeline and a profile hold some people's posts and the posts they reposted, at
the time of the repost, newest first on ``(at, post_id, by)``, ``by`` being the reposter
(0 for a post itself). The cursor and the narrowing go inside each half of the union, so
that each half is read from its own ``(user_id, timestamp)`` index and the union never
holds more rows than the page needs.
"""

from sqlalchemy import Integer, bindparam, func, literal, select, union_all
from sqlalchemy.orm import aliased, contains_eager

from ..models import Post, Repost, User, followers
from .lists import NOBODY, OLDEST, OWNER, PROFILE_HIDDEN, TIMELINE_HIDDEN
from .pagination import HIDDEN_IDS, Keyset, Listing

# whose posts and reposts each list holds (``OWNER`` is the list's user)
TIMELINE_PEOPLE = (
    select(followers.c.followed_id).where(followers.c.follower_id == OWNER).union(select(OWNER))
)
PROFILE_PEOPLE = select(OWNER)
CURSOR = (
    bindparam("cursor_0", type_=Post.timestamp.type),
    bindparam("cursor_1", type_=Integer),
    bindparam("cursor_2", type_=Integer),
)


class Half:
    """One half of a stream: rows of ``table`` whose ``person`` is one of the people, with
    the columns that make the stream's key."""

    def __init__(self, table, person, at, post_id, by):
        self.table, self.person, self.at, self.post_id, self.by = table, person, at, post_id, by

    def rows(self, people, hidden=None, cursor=None, reverse=False, nth=None):
        """The half's rows of ``people``, but for the ``hidden`` ids' (``None``: nobody's)."""
        key = (self.at, self.post_id, self.by)
        rows = select(
            self.at.label("at"), self.post_id.label("post_id"), self.by.label("by")
        ).where(self.person.in_(people))
        if hidden is not None:
            rows = rows.where(self.person.not_in(hidden))
        if hidden is not None and self.table is Repost:
            # a repost of a post whose author is hidden is hidden too
            author = aliased(Post)
            rows = rows.where(
                ~select(author.id)
                .where(author.id == self.post_id, author.user_id.in_(hidden))
                .exists()
            )
        if cursor is not None:
            rows = rows.where(Keyset(*key).beyond(cursor, reverse=reverse))
        if nth is not None:
            rows = rows.where(self.at >= func.coalesce(self.bound(people, cursor, nth), OLDEST))
        return rows

    def bound(self, people, cursor, nth):
        """The newest of each person's ``nth + 1``-th newest row (before the cursor's time):
        the first ``nth + 1`` rows of the half are all at least that recent, so the database
        sorts at most that many rows per person, however long their histories are."""
        mine, person = aliased(self.table), people.subquery()
        at = getattr(mine, self.at.key)
        nth_newest = (
            select(at)
            .where(getattr(mine, self.person.key) == person.c[0])
            .order_by(at.desc())
            .limit(1)
            .offset(nth)
        )
        if cursor is not None:
            # strictly older: rows tied with the cursor only loosen the bound
            nth_newest = nth_newest.where(at < cursor[0])
        return select(func.max(nth_newest.scalar_subquery())).select_from(person).scalar_subquery()


HALVES = (
    Half(Post, Post.user_id, Post.timestamp, Post.id, literal(0, Integer)),
    Half(Repost, Repost.user_id, Repost.timestamp, Repost.post_id, Repost.user_id),
)


def _posts_and_reposters(keys):
    reposter = aliased(User)
    return (
        select(Post, reposter)
        .join(keys, Post.id == keys.c.post_id)
        .join(Post.author)
        .options(contains_eager(Post.author))
        .outerjoin(reposter, reposter.id == keys.c.by)
    )


class Stream(Listing):
    """Posts and reposts of ``people`` (a select of user ids, with the ``user_id``
    parameter), but for the ``hidden`` ids' (read first: ``Listing.hidden``), loaded as
    ``(post, reposter or None)`` pairs."""

    def __init__(self, people, hidden):
        self.people = people
        rows = union_all(*(half.rows(people) for half in HALVES)).subquery()
        keyset = Keyset(rows.c.at, rows.c.post_id, rows.c.by)
        super().__init__(keyset, _posts_and_reposters, narrow=self.narrow_halves, hidden=hidden)

    def narrow_halves(self, keys, nth, cursor):  # pragma: no cover - see _build
        raise NotImplementedError("a stream narrows each half of its union itself")

    def _build(self, cursor, reverse, narrow, hiding):
        at = CURSOR if cursor else None
        nth = bindparam("nth", type_=Integer) if narrow else None
        hidden = HIDDEN_IDS if hiding else None
        halves = (half.rows(self.people, hidden, at, reverse, nth) for half in HALVES)
        rows = union_all(*halves).subquery("stream")
        keyset = Keyset(rows.c.at, rows.c.post_id, rows.c.by)
        limit, offset = bindparam("limit", type_=Integer), bindparam("offset", type_=Integer)
        keys = (
            select(*rows.c)
            .order_by(*keyset.order_by(reverse=reverse))
            .limit(limit)
            .offset(offset)
            .subquery("keys")
        )
        key_columns = list(keys.c)
        query = self.load(keys).add_columns(*key_columns)
        return query.order_by(*keyset.order_by(key_columns, reverse=reverse))


TIMELINE_STREAM = Stream(TIMELINE_PEOPLE, TIMELINE_HIDDEN)
PROFILE_STREAM = Stream(PROFILE_PEOPLE, PROFILE_HIDDEN)


def home_stream(user):
    """The home timeline: the posts and reposts of the people ``user`` follows, and theirs."""
    return TIMELINE_STREAM.of(user_id=user.id)


def profile_stream(user, viewer=None):
    """A profile: ``user``'s posts and reposts, as ``viewer`` may see them."""
    return PROFILE_STREAM.of(user_id=user.id, viewer_id=viewer.id if viewer else NOBODY)
