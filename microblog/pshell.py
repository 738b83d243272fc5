"""``pshell development.ini``: a shell with ``dbsession``, the models and ``request``.

The transaction is begun for you: ``tm.commit()`` saves what you changed, ``tm.abort()``
throws it away.
"""

from sqlalchemy import func, select

from . import models


def setup(env):
    request = env["request"]
    request.tm.begin()
    env["tm"] = request.tm
    env["dbsession"] = request.dbsession
    env["models"] = models
    env["select"], env["func"] = select, func
    for name in ("User", "Post", "Message", "Notification", "Task"):
        env[name] = getattr(models, name)
