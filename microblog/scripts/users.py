"""``microblog create-user CONFIG USERNAME EMAIL`` and ``microblog role CONFIG USERNAME ROLE``."""

import click
import colander
from sqlalchemy import func, select

from ..models import User
from ..models.moderation import ROLES, set_role
from ..schemas.accounts import RegisterSchema
from .env import app_env, config_argument


@click.command("create-user")
@config_argument
@click.argument("username")
@click.argument("email")
@click.password_option(help="The password (asked for when not given).")
def create_user(config_uri, username, email, password):
    """Create an account (the password is asked for, twice)."""
    with app_env(config_uri) as env:
        request = env["request"]
        with request.tm:
            schema = RegisterSchema().bind(request=request)
            try:
                data = schema.deserialize(
                    {
                        "username": username,
                        "email": email,
                        "password": password,
                        "password2": password,
                    }
                )
            except colander.Invalid as error:
                messages = [
                    f"{field}: {request.localizer.translate(msg)}"
                    for field, msg in error.asdict().items()
                ]
                raise click.ClickException("; ".join(messages)) from error
            user = User(username=data["username"], email=data["email"])
            user.set_password(data["password"])
            request.dbsession.add(user)
        click.echo(f"Created user {username}.")


@click.command("role")
@config_argument
@click.argument("username")
@click.argument("role", type=click.Choice([*ROLES, "none"]))
def role(config_uri, username, role):
    """Give USERNAME the ROLE admin or moderator (or none); written to the audit trail."""
    with app_env(config_uri) as env:
        request = env["request"]
        with request.tm:
            user = request.dbsession.scalar(
                select(User).where(func.lower(User.username) == username.lower())
            )
            if user is None:
                raise click.ClickException(f"no user is called {username!r}")
            set_role(request.dbsession, None, user, None if role == "none" else role)
        click.echo(f"{user.username} is now {'without a role' if role == 'none' else role}.")
