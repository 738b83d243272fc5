"""A conversation that grows, for the tests that count what its pages cost."""

from microblog.models.conversation import publish
from microblog.models.interactions import like, repost

from .factories import make_user


class Conversation:
    """A conversation that ana follows, growing: each answer is tagged, mentions ana and
    bob, is liked by ana, reposted by bob and answered again; its author is followed by
    ana, likes and reposts the root. Every step notifies ana or bob."""

    def __init__(self, dbsession, ana, bob):
        self.dbsession, self.ana, self.bob = dbsession, ana, bob
        ana.follow(bob)
        self.root = publish(dbsession, bob, "root #topic")
        like(ana, self.root)

    def grow(self, n):
        for i in range(n):
            author = make_user(self.dbsession)
            self.ana.follow(author)
            reply = publish(self.dbsession, author, f"@ana @bob answer {i} #topic", self.root)
            like(self.ana, reply)
            repost(self.bob, reply)  # on bob's profile
            like(author, self.root)
            repost(author, self.root)
            publish(self.dbsession, author, f"@ana deeper {i}", in_reply_to=reply)
        return self.root
