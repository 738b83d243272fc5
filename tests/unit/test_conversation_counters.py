"""The counts conversations keep on the rows follow every write, and the recounts repair
them: posts' replies, likes, reposts and edits, tags' posts, users' notifications."""

from sqlalchemy import select, update

from microblog.models import POSTS, Post, Tag, User, recount, total
from microblog.models.conversation import delete_post, edit, publish
from microblog.models.interactions import like, recount_posts, repost, unlike

from ..support.factories import make_posts, make_user


def tag_count(dbsession, name):
    return dbsession.scalar(select(Tag.post_count).where(Tag.name == name))


def test_a_deleted_post_kept_for_its_replies_counts_for_nobody(dbsession, ana, bob):
    posts = total(dbsession, POSTS)
    question = publish(dbsession, ana, "a question")
    publish(dbsession, bob, "an answer", in_reply_to=question)
    assert (ana.post_count, total(dbsession, POSTS)) == (1, posts + 2)
    delete_post(dbsession, question)
    assert (ana.post_count, total(dbsession, POSTS)) == (0, posts + 1)
    recount(dbsession)
    assert total(dbsession, POSTS) == posts + 1


def test_a_tag_counts_its_posts_through_edits_deletions_and_departures(dbsession, ana, bob):
    first = publish(dbsession, ana, "#one and #two")
    publish(dbsession, bob, "#two again")
    assert (tag_count(dbsession, "one"), tag_count(dbsession, "two")) == (1, 2)
    edit(dbsession, first, "#two only now, and #three")
    assert [tag_count(dbsession, n) for n in ("one", "two", "three")] == [0, 2, 1]
    delete_post(dbsession, first)
    assert [tag_count(dbsession, n) for n in ("two", "three")] == [1, 0]
    dbsession.delete(bob)
    dbsession.flush()
    assert tag_count(dbsession, "two") == 0


def test_notifications_count_for_their_user_and_the_bell_counts_the_unread(dbsession, ana, bob):
    (post,) = make_posts(dbsession, ana, 1)
    like(bob, post)
    bob.follow(ana)
    assert (ana.notification_count, ana.new_notification_count) == (2, 2)
    ana.mark_notifications_read()
    dbsession.flush()
    assert (ana.notification_count, ana.new_notification_count) == (2, 0)
    repost(bob, post)
    unlike(bob, post)  # read already: only the total goes down
    assert (ana.notification_count, ana.new_notification_count) == (2, 1)
    carol = make_user(dbsession, "carol")
    like(carol, post)
    dbsession.delete(carol)  # her notification goes with her
    dbsession.flush()
    dbsession.refresh(ana)
    assert (ana.notification_count, ana.new_notification_count) == (2, 1)


def test_the_recounts_repair_what_was_written_by_hand(dbsession, ana, bob):
    question = publish(dbsession, ana, "#counted question")
    publish(dbsession, bob, "an answer", in_reply_to=question)
    like(bob, question)
    repost(bob, question)
    edit(dbsession, question, "#counted question, edited")
    dbsession.execute(
        update(Post).values(reply_count=7, like_count=7, repost_count=7, edit_count=7)
    )
    dbsession.execute(update(Tag).values(post_count=7))
    dbsession.execute(update(User).values(notification_count=7, new_notification_count=7))
    assert recount_posts(dbsession) == 3  # two posts and a tag
    recount(dbsession)
    question = dbsession.get(Post, question.id)
    counts = (question.reply_count, question.like_count, question.repost_count)
    assert (*counts, question.edit_count) == (1, 1, 1, 1)
    assert tag_count(dbsession, "counted") == 1
    ana, bob = dbsession.get(User, ana.id), dbsession.get(User, bob.id)
    assert (ana.notification_count, ana.new_notification_count) == (3, 3)
    assert (bob.notification_count, bob.new_notification_count) == (0, 0)
