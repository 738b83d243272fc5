#!/bin/sh
# Starts one Microblog process in a container or on a Procfile platform (README,
# "Deploying"), from the folder that holds production.ini and alembic/:
#
#   boot.sh web       wait for the database, migrate it, serve on 0.0.0.0:$PORT with one
#                     web process per core (microblog serve)
#   boot.sh worker    wait for the database, run a task worker
#   boot.sh migrate   wait for the database, migrate it
#   boot.sh install   install the package and its locked dependencies (requirements/main.txt,
#                     with hashes) into the current Python: the build step of an image or
#                     of a Procfile platform
#
# The application's settings come from the environment (README, "Configuration"). This
# script also reads:
#   MICROBLOG_CONFIG  the ini file (default: production.ini)
#   PORT              the port to serve on (default: 8000; Procfile platforms set it)
#   WEB_CONCURRENCY   web processes (default: auto, one per core the container may use)
#   TRUSTED_PROXY     the address whose X-Forwarded-* headers are believed (default
#                     127.0.0.1; `*` only where nothing but the proxy can connect)
#   DB_WAIT_ATTEMPTS  how many times to try the database before giving up (default: 30)
#   DB_WAIT_DELAY     seconds between two tries (default: 2)
set -eu

config=${MICROBLOG_CONFIG:-production.ini}
attempts=${DB_WAIT_ATTEMPTS:-30}
delay=${DB_WAIT_DELAY:-2}
# exit status of the check below for "not reachable yet, try again" (EX_TEMPFAIL)
TRY_AGAIN=75

say() {
    echo "boot: $*" >&2
}

# Connects once with the application's own settings. A database that does not answer is
# worth waiting for; a wrong setting (no SECRET_KEY or PUBLIC_URL, a bad URL) is not.
check_database() {
    python - "$config" "$TRY_AGAIN" <<'PYTHON'
import sys

from pyramid.paster import get_appsettings
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

from microblog.settings import load_settings

config, try_again = sys.argv[1], int(sys.argv[2])
ini = get_appsettings(config)
engine = create_engine(load_settings(ini, here=ini.get("here"))["sqlalchemy.url"])
try:
    with engine.connect() as connection:
        connection.execute(text("SELECT 1"))
except OperationalError as error:
    print(f"boot: {str(error.orig).strip().splitlines()[0]}", file=sys.stderr)
    sys.exit(try_again)
finally:
    engine.dispose()
PYTHON
}

wait_for_database() {
    attempt=1
    while :; do
        status=0
        check_database || status=$?
        if [ "$status" -eq 0 ]; then
            return 0
        elif [ "$status" -ne "$TRY_AGAIN" ]; then
            say "cannot start: see the error above"
            exit "$status"
        elif [ "$attempt" -ge "$attempts" ]; then
            say "the database is still unreachable after $attempt attempts; giving up"
            exit 1
        fi
        say "waiting for the database ($attempt/$attempts)"
        attempt=$((attempt + 1))
        sleep "$delay"
    done
}

migrate() {
    alembic -c "$config" upgrade head
}

case "${1:-web}" in
    web)
        wait_for_database
        migrate
        exec microblog serve "$config" --processes "${WEB_CONCURRENCY:-auto}" \
            http_host=0.0.0.0 http_port="${PORT:-8000}" \
            trusted_proxy_address="${TRUSTED_PROXY:-127.0.0.1}"
        ;;
    worker)
        wait_for_database
        exec microblog worker "$config"
        ;;
    migrate)
        wait_for_database
        migrate
        ;;
    install)
        # the lock first, then the package alone: nothing is resolved a second time
        source=$(cd "$(dirname "$0")/.." && pwd)
        python -m pip install --require-hashes -r "$source/requirements/main.txt"
        python -m pip install --no-deps --no-build-isolation "$source"
        ;;
    *)
        say "usage: boot.sh web|worker|migrate|install"
        exit 64
        ;;
esac
