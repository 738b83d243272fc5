"""The application served over a real socket by waitress, in a thread of the test process."""

import threading

from sqlalchemy import select
from waitress.server import create_server

from microblog.models import User


class LiveServer:
    def __init__(self, app):
        self.app = app
        self.server = create_server(
            app, host="127.0.0.1", port=0, threads=4, clear_untrusted_proxy_headers=True
        )
        self.url = f"http://127.0.0.1:{self.server.effective_port}"
        self.stopping = False
        self.thread = threading.Thread(target=self._serve, daemon=True)

    def _serve(self):
        try:
            self.server.run()
        except OSError:
            # closing the sockets from another thread can land inside the loop's select()
            if not self.stopping:
                raise

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.stopping = True
        self.server.close()
        self.thread.join(timeout=10)
        self.app.registry["dbengine"].dispose()

    def session(self):
        """A plain SQLAlchemy session on the served database (commit it yourself)."""
        return self.app.registry["dbsession_factory"]()

    def create_user(self, username, password, **fields):
        with self.session() as session:
            user = User(username=username, email=f"{username}@example.com", **fields)
            user.set_password(password, rounds=4)
            session.add(user)
            session.commit()
            return user.id

    def user_id(self, username):
        with self.session() as session:
            return session.scalar(select(User.id).where(User.username == username))
