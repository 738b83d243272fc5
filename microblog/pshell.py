"""``pshell development.ini``: a shell with ``dbsession``, the models and ``request``.

The transaction is begun for you: ``tm.commit()`` saves what you changed, ``tm.abort()``
throws it away. The ini's ``[pshell]`` section names :func:`shell` as the default shell: it
opens Python's own shell with a short banner of what is in the namespace (pshell's own
banner quotes every object's docstring, SQLAlchemy's ``select`` and ``func`` included).
"""

from pyramid.scripts.pshell import python_shell_runner
from sqlalchemy import func, select

from . import models

MODELS = ("User", "Post", "Message", "Notification", "Task")
NAMESPACE = {
    "app": "the WSGI application",
    "registry": "its registry (registry.settings: the settings, coerced)",
    "request": "a request to the site's root",
    "root": "the traversal tree's root: root['user']['ana']",
    "root_factory": "the factory that made root",
    "dbsession": "the database session, in tm's transaction",
    "tm": "the transaction: tm.commit() saves, tm.abort() throws away",
    "models": "microblog.models, and in it:",
    "  " + ", ".join(MODELS): "",
    "select, func": "SQLAlchemy's: dbsession.scalars(select(User).limit(5)).all()",
}


def setup(env):
    request = env["request"]
    request.tm.begin()
    env["tm"] = request.tm
    env["dbsession"] = request.dbsession
    env["models"] = models
    env["select"], env["func"] = select, func
    for name in MODELS:
        env[name] = getattr(models, name)


def banner():
    width = max(len(name) for name, what in NAMESPACE.items() if what)
    return "In the namespace:\n" + "\n".join(
        f"  {name:<{width}}  {what}".rstrip() for name, what in NAMESPACE.items()
    )


def shell(env, help):
    """Python's shell (``pshell -p python`` still gives pshell's long banner)."""
    python_shell_runner(env, banner())
