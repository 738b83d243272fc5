"""The counts kept on the rows follow every write, and ``recount`` repairs them."""

from sqlalchemy import insert, update

from microblog.models import (
    POSTS,
    USERS,
    Message,
    Post,
    Task,
    User,
    followers,
    recount,
    total,
)

from ..support.factories import make_posts, make_user


def counts(user):
    return (
        user.post_count,
        user.follower_count,
        user.followed_count,
        user.message_count,
        user.new_message_count,
    )


def test_a_new_user_starts_at_zero_and_adds_one_to_the_site(dbsession):
    users = total(dbsession, USERS)
    ana = make_user(dbsession, "ana")
    assert counts(ana) == (0, 0, 0, 0, 0)
    assert total(dbsession, USERS) == users + 1


def test_posts_written_and_deleted_are_counted_for_their_author_and_the_site(dbsession, ana):
    posts = total(dbsession, POSTS)
    written = make_posts(dbsession, ana, 3)
    assert ana.post_count == 3
    assert total(dbsession, POSTS) == posts + 3
    dbsession.delete(written[0])
    dbsession.flush()
    assert ana.post_count == 2
    assert total(dbsession, POSTS) == posts + 2


def test_a_post_added_with_its_new_author_in_one_flush_is_counted(dbsession):
    author = User(username="new", email="new@example.com")
    dbsession.add_all([author, Post(body="first words", author=author)])
    dbsession.flush()
    assert author.post_count == 1


def test_following_counts_on_both_sides_once(dbsession, ana, bob):
    assert ana.follow(bob)
    assert not ana.follow(bob)
    assert (ana.followed_count, bob.follower_count) == (1, 1)
    assert ana.unfollow(bob)
    assert not ana.unfollow(bob)
    assert (ana.followed_count, bob.follower_count) == (0, 0)


def test_messages_are_counted_for_their_recipient_until_read(dbsession, ana, bob):
    ana.send_message(bob, "hello")
    ana.send_message(bob, "again")
    assert (bob.message_count, bob.unread_message_count(), ana.message_count) == (2, 2, 0)
    bob.mark_messages_read()
    dbsession.flush()
    ana.send_message(bob, "and again")
    assert (bob.message_count, bob.unread_message_count()) == (3, 1)


def test_tasks_count_while_they_are_not_complete(dbsession, ana):
    first = Task(id="job-1", name="export_posts", user_id=ana.id)
    dbsession.add_all([first, Task(id="job-2", name="export_posts", user_id=ana.id)])
    dbsession.flush()
    assert ana.active_task_count == 2
    first.complete = True
    dbsession.flush()
    assert ana.active_task_count == 1
    dbsession.add(Task(id="job-3", name="export_posts", user_id=ana.id, complete=True))
    dbsession.flush()
    assert ana.active_task_count == 1
    assert recount(dbsession) == 0


def test_deleting_a_user_takes_what_went_with_it_off_the_others_counts(dbsession, ana, bob):
    carol = make_user(dbsession, "carol")
    posts, users = total(dbsession, POSTS), total(dbsession, USERS)
    make_posts(dbsession, carol, 2)
    carol.follow(ana)
    bob.follow(carol)
    carol.send_message(ana, "hi")
    dbsession.delete(carol)
    dbsession.flush()
    assert counts(ana) == (0, 0, 0, 0, 0)
    assert counts(bob) == (0, 0, 0, 0, 0)
    assert (total(dbsession, POSTS), total(dbsession, USERS)) == (posts, users - 1)


def test_recount_repairs_what_bulk_writes_left_behind(dbsession, ana, bob):
    make_posts(dbsession, ana, 2)
    dbsession.execute(
        insert(Post.__table__), [{"body": f"bulk {n}", "user_id": bob.id} for n in range(3)]
    )
    dbsession.execute(insert(followers).values(follower_id=ana.id, followed_id=bob.id))
    dbsession.execute(
        insert(Message.__table__).values(sender_id=ana.id, recipient_id=bob.id, body="x")
    )
    dbsession.execute(update(User.__table__).where(User.id == ana.id).values(post_count=99))
    assert recount(dbsession) == 2
    assert counts(ana) == (2, 0, 1, 0, 0)
    assert counts(bob) == (3, 1, 0, 1, 1)
    assert total(dbsession, POSTS) == dbsession.query(Post).count()
    assert recount(dbsession) == 0
