"""Rows for the tests, made the way the application makes them."""

from datetime import timedelta
from itertools import count

from microblog.models import Media, Message, Post, User, utcnow

PASSWORD = "correct horse"
_serial = count(1)


def make_user(dbsession, username=None, email=None, password=PASSWORD, about_me=None):
    username = username or f"user{next(_serial)}"
    user = User(username=username, email=email or f"{username}@example.com", about_me=about_me)
    user.set_password(password, rounds=4)  # the minimum cost: tests need speed, not strength
    dbsession.add(user)
    dbsession.flush()
    return user


def make_posts(dbsession, author, n, start=None, body="Post number {i} by {author}"):
    """``n`` posts, one minute apart, the last one the newest."""
    start = start or utcnow() - timedelta(minutes=n + 1)
    posts = [
        Post(
            body=body.format(i=i, author=author.username),
            author=author,
            timestamp=start + timedelta(minutes=i),
            language="en",
        )
        for i in range(n)
    ]
    dbsession.add_all(posts)
    dbsession.flush()
    return posts


def make_messages(dbsession, sender, recipient, n, start=None):
    """``n`` messages one minute apart, the last one the newest."""
    start = start or utcnow() - timedelta(minutes=n + 1)
    messages = [
        Message(
            sender_id=sender.id,
            recipient_id=recipient.id,
            body=f"Message {i}",
            timestamp=start + timedelta(minutes=i),
        )
        for i in range(n)
    ]
    dbsession.add_all(messages)
    dbsession.flush()
    return messages


def login(testapp, username, password=PASSWORD, remember_me=False, next_=None):
    """Sign in through the real form (so the CSRF token is exercised)."""
    url = "/login" + (f"?next={next_}" if next_ else "")
    form = testapp.get(url).forms["loginview"]
    form["username"] = username
    form["password"] = password
    if remember_me:
        form["remember_me"] = True
    return form.submit()


def add_pictures(dbsession, posts, per_post=2):
    """Picture rows (no files) on each of ``posts``, as a post with pictures has them."""
    for post in posts:
        for position in range(per_post):
            dbsession.add(
                Media(
                    user_id=post.user_id,
                    post_id=post.id,
                    key=f"images/00/{next(_serial):032d}",
                    description=f"Picture {position + 1}",
                    position=position,
                    width=800,
                    height=600,
                    preview_width=640,
                    preview_height=480,
                    size=1000,
                )
            )
    dbsession.flush()
