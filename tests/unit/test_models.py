from datetime import timedelta

import pytest

from microblog.models import Post, utcnow
from microblog.models.meta import isoformat

from ..support.factories import make_posts, make_user


def test_passwords_are_bcrypt_hashes_that_check(dbsession):
    user = make_user(dbsession, "susan", password="cat-and-dog")
    assert user.password_hash.startswith("$2b$")
    assert "cat-and-dog" not in user.password_hash
    assert user.check_password("cat-and-dog")
    assert not user.check_password("dog-and-cat")
    assert not user.check_password("")


def test_a_password_over_72_bytes_never_checks(dbsession):
    user = make_user(dbsession, "long", password="x" * 72)
    assert user.check_password("x" * 72)
    assert not user.check_password("x" * 73)


def test_follow_and_unfollow(dbsession):
    john, susan = make_user(dbsession, "john"), make_user(dbsession, "susan")
    assert not john.is_following(susan)
    assert john.counts() == {"posts": 0, "followers": 0, "followed": 0}

    assert john.follow(susan)
    assert not john.follow(susan), "following twice changes nothing"
    assert john.is_following(susan)
    assert not susan.is_following(john)
    assert john.counts()["followed"] == 1
    assert susan.counts()["followers"] == 1

    assert john.unfollow(susan)
    assert not john.unfollow(susan)
    assert not john.is_following(susan)
    assert susan.counts()["followers"] == 0


def test_nobody_follows_themself(dbsession):
    john = make_user(dbsession, "john")
    assert not john.follow(john)
    assert not john.is_following(john)


def test_timeline_holds_followed_and_own_posts_newest_first(dbsession):
    john, susan, mary, david = (
        make_user(dbsession, name) for name in ("john", "susan", "mary", "david")
    )
    now = utcnow()
    posts = {}
    for offset, author in enumerate((john, susan, mary, david), start=1):
        posts[author.username] = Post(
            body=f"post from {author.username}",
            author=author,
            timestamp=now + timedelta(seconds=offset),
        )
    dbsession.add_all(posts.values())
    john.follow(susan)
    john.follow(david)
    susan.follow(mary)
    mary.follow(david)
    dbsession.flush()

    def timeline(user):
        return [p.body for p in dbsession.scalars(Post.timeline_of(user)).unique()]

    assert timeline(john) == ["post from david", "post from susan", "post from john"]
    assert timeline(susan) == ["post from mary", "post from susan"]
    assert timeline(mary) == ["post from david", "post from mary"]
    assert timeline(david) == ["post from david"]


def test_posts_by_author_are_newest_first_with_their_author_loaded(dbsession):
    ana = make_user(dbsession, "ana")
    make_posts(dbsession, ana, 3)
    dbsession.expunge_all()
    posts = dbsession.scalars(Post.by_author(ana)).unique().all()
    assert [p.body for p in posts] == [f"Post number {i} by ana" for i in (2, 1, 0)]
    assert all(p.author.username == "ana" for p in posts)


def test_last_seen_is_written_at_most_once_a_minute(dbsession):
    user = make_user(dbsession, "ana")
    first = utcnow() - timedelta(minutes=5)
    user.last_seen = first
    user.touch(first + timedelta(seconds=30))
    assert user.last_seen == first
    later = first + timedelta(minutes=2)
    user.touch(later)
    assert user.last_seen == later


@pytest.mark.parametrize(
    "moment, text",
    [
        (None, None),
        (
            utcnow().replace(year=2026, month=1, day=2, hour=3, minute=4, second=5, microsecond=6),
            "2026-01-02T03:04:05Z",
        ),
    ],
)
def test_timestamps_are_iso_8601_utc_with_a_z(moment, text):
    assert isoformat(moment) == text
