"""SQLite under waitress's threads and several processes: readers beside one writer.

pysqlite runs SELECTs outside any transaction by default, so under waitress threads
concurrent read-modify-write requests would silently lose updates. Every transaction here
opens with an explicit BEGIN, in WAL mode, and the engine's users say which kind it is
(an execution option, see ``reading``):

- one that may write says IMMEDIATE: it takes the write lock at once and waits for it, so
  writers queue and none of them reads a row that another is about to change. The writers
  of one process queue on a lock of the process first, whose release wakes the next one at
  once; that one asks SQLite for the lock every millisecond while another process holds
  it. (SQLite's own busy handler sleeps longer and longer, up to 100 ms between tries: a
  writer of the other process, asking at once, would take the lock again and again.);
- one that only reads says DEFERRED and takes no lock at all: WAL serves it a snapshot
  beside the writer. If it turns out to write and another writer got there first, SQLite
  answers SQLITE_BUSY at once; that error is marked retryable, and pyramid_retry runs the
  request again, with IMMEDIATE (``models.includeme``).
"""

import threading
import time

from pyramid_retry import mark_error_retryable
from sqlalchemy import event
from sqlalchemy.exc import OperationalError

SQLITE_BEGIN = "microblog.sqlite_begin"  # the execution option that says which BEGIN
IMMEDIATE, DEFERRED = "IMMEDIATE", "DEFERRED"
# seconds a writer waits for the lock, in this process and in SQLite. The queue can be long:
# a registration or a sign-in hashes a password (half a second) while it holds the lock, so
# twenty of them at once keep the last one waiting ten seconds.
BUSY_TIMEOUT = 30
# milliseconds SQLite's busy handler waits, for the rare waits that are not a writer's
# BEGIN (which this module repeats itself, every POLL seconds)
SQLITE_WAIT_MS = 10
POLL = 0.001
SQLITE_BUSY = 5  # the primary result code of SQLITE_BUSY and its extended codes
HOLDS_GATE = "microblog.holds_write_gate"


class WriterWaitedTooLong(Exception):
    """A writer of this process waited ``BUSY_TIMEOUT`` seconds for the others."""


mark_error_retryable(WriterWaitedTooLong)


def reading(engine):
    """``engine`` for transactions that only read: on SQLite they never take the write lock
    (elsewhere this changes nothing)."""
    return engine.execution_options(**{SQLITE_BEGIN: DEFERRED})


def prepare(engine):
    """Set up a SQLite ``engine`` as the module says."""
    gate = threading.Lock()

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        for pragma in (
            "journal_mode=WAL",
            f"busy_timeout={SQLITE_WAIT_MS}",
            "foreign_keys=ON",
            "synchronous=NORMAL",
        ):
            cursor.execute(f"PRAGMA {pragma}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(connection):
        mode = connection.get_execution_options().get(SQLITE_BEGIN, IMMEDIATE)
        if mode != IMMEDIATE:
            connection.exec_driver_sql(f"BEGIN {mode}")
            return
        deadline = time.monotonic() + BUSY_TIMEOUT
        if not gate.acquire(timeout=BUSY_TIMEOUT):
            raise WriterWaitedTooLong(f"no turn to write within {BUSY_TIMEOUT} s")
        connection.info[HOLDS_GATE] = True
        try:
            while True:
                try:
                    connection.exec_driver_sql("BEGIN IMMEDIATE")
                    return
                except OperationalError as error:
                    if not is_busy(error.orig) or time.monotonic() > deadline:
                        raise
                time.sleep(POLL)  # another process writes: ask again in a moment
        except BaseException:
            let_next_writer_in(connection)
            raise

    @event.listens_for(engine, "commit")
    @event.listens_for(engine, "rollback")
    def let_next_writer_in(connection):
        if connection.info.pop(HOLDS_GATE, False):
            gate.release()

    @event.listens_for(engine, "handle_error")
    def busy_is_retryable(context):
        if is_busy(context.original_exception) and context.sqlalchemy_exception:
            mark_error_retryable(context.sqlalchemy_exception)


def is_busy(error):
    code = getattr(error, "sqlite_errorcode", None)
    return code is not None and code & 0xFF == SQLITE_BUSY
