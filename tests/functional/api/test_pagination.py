"""API collections page by number and by cursor, and refuse a cursor that means nothing."""

from datetime import timedelta

from sqlalchemy import select

from microblog.models import Post, utcnow

from ...support.factories import make_user


def test_the_timeline_pages_through_every_followed_author_in_order(api, dbsession, ana, ana_auth):
    """The timeline's first pages are bounded per author (lists.py): walking it by cursors
    must still give exactly the merged, ordered posts of everyone followed."""
    authors = [ana] + [make_user(dbsession) for _ in range(4)]
    stranger = make_user(dbsession)
    for author in authors[1:]:
        ana.follow(author)
    start = utcnow() - timedelta(days=1)
    # prolific and quiet authors, interleaved, with ties between them
    for n, author in enumerate([*authors, stranger]):
        for i in range([9, 1, 7, 0, 4, 6][n]):
            dbsession.add(
                Post(
                    body=f"{author.username} {i}",
                    author=author,
                    timestamp=start + timedelta(minutes=(i * 3 + n) // 2),
                )
            )
    dbsession.flush()
    expected = dbsession.scalars(
        select(Post.id)
        .where(Post.user_id.in_([a.id for a in authors]))
        .order_by(Post.timestamp.desc(), Post.id.desc())
    ).all()
    seen, url = [], "/api/feed?per_page=3"
    while url:
        data = api.get(url, headers=ana_auth).json
        assert data["_meta"]["total_items"] == len(expected)
        seen += [post["id"] for post in data["items"]]
        url = data["_links"]["next"]
    assert seen == expected
    # and numbered pages agree
    numbered = [
        post["id"]
        for number in range(1, 10)
        for post in api.get(f"/api/feed?per_page=3&page={number}", headers=ana_auth).json["items"]
    ]
    assert numbered == expected


def test_api_collections_refuse_a_bad_cursor_naming_it(api, ana, ana_auth):
    response = api.get("/api/posts?before=yesterday", headers=ana_auth, status=400)
    assert response.json["message"].startswith("before:")
    response = api.get("/api/users?before=1&after=2", headers=ana_auth, status=400)
    assert response.json["message"].startswith("after:")
