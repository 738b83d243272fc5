"""``microblog create-user CONFIG USERNAME EMAIL``."""

import click
import colander

from ..models import User
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
