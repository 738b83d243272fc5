from click.testing import CliRunner
from sqlalchemy import create_engine, func, select

from microblog.models import Counter, Post, User, followers
from microblog.scripts import cli


def test_seed_makes_users_posts_and_follows_that_sign_in(live_settings, tmp_path):
    ini = tmp_path / "app.ini"
    ini.write_text(
        "[app:main]\nuse = egg:microblog\n"
        + "".join(f"{key} = {value}\n" for key, value in live_settings.items())
    )
    result = CliRunner().invoke(
        cli,
        [
            "seed",
            str(ini),
            "--users",
            "20",
            "--posts",
            "200",
            "--follows",
            "50",
            "--random-seed",
            "3",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "Seeded 20 users, 200 posts and 50 follows" in result.output
    engine = create_engine(live_settings["sqlalchemy.url"])
    try:
        with engine.connect() as connection:
            count = lambda table: connection.scalar(select(func.count()).select_from(table))  # noqa: E731
            assert (count(User), count(Post), count(followers)) == (20, 200, 50)
            self_follows = connection.scalar(
                select(func.count())
                .select_from(followers)
                .where(followers.c.follower_id == followers.c.followed_id)
            )
            assert self_follows == 0
            # bulk inserts bypass the ORM: the seed repairs the counts at its end
            totals = dict(connection.execute(select(Counter.name, Counter.value)).all())
            assert totals == {"posts": 200, "users": 20}
            sums = select(func.sum(User.post_count), func.sum(User.follower_count))
            assert tuple(connection.execute(sums).one()) == (200, 50)
            password_hash = connection.scalar(select(User.password_hash).limit(1))
            # every seeded account was made before the oldest seeded post
            newest_account = connection.scalar(select(func.max(User.created_at)))
            assert newest_account < connection.scalar(select(func.min(Post.timestamp)))
    finally:
        engine.dispose()
    assert User(password_hash=password_hash).check_password("microblog")
