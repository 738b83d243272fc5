"""The embedded search backend: a Whoosh index in a folder (``SEARCH_INDEX_DIR``).

:class:`WhooshSearch` answers queries, :class:`WhooshIndexer` writes posts; both use the
folder through one :class:`WhooshIndex`. Several waitress threads and the worker processes
write to the same folder. Whoosh allows one writer at a time through a lock file; every
write here takes that lock with a timeout (so a busy index delays a writer instead of
failing it at once, and a stuck one cannot hang it forever), and reads the posts from the
database only once it holds the lock, so that the last writer always writes what the
database holds last.
"""

import contextlib
import functools
import logging
import os
import time

from whoosh import fields, index, qparser, writing
from whoosh.analysis import StemmingAnalyzer
from whoosh.filedb.filestore import FileStorage
from whoosh.lang import stemmer_for_language
from zope.interface import implementer

from .interfaces import ISearch, ISearchIndexer, SearchUnavailable

log = logging.getLogger(__name__)

INDEX_NAME = "MAIN"
LOCK_NAME = f"{INDEX_NAME}_WRITELOCK"  # the lock file Whoosh's own writers take
LOCK_TIMEOUT = 10.0  # seconds a writer waits for the lock
LOCK_DELAY = 0.02  # seconds between two tries
WRITER_MEMORY_MB = 32

# words are letters and digits in any script; Whoosh's default also keeps "*" in words
WORDS = r"\w+(?:\.?\w+)*"


_english_stem = stemmer_for_language("en")


@functools.lru_cache(maxsize=50_000)
def stem(word):
    """Snowball's English stemmer, which PostgreSQL's "english" configuration uses too
    (Whoosh's default Porter stemmer leaves "running" as "runn"). Cached here, because
    Whoosh's own stemming cache is not safe for threads."""
    return _english_stem(word)


def make_schema():
    analyzer = StemmingAnalyzer(expression=WORDS, stemfn=stem, cachesize=0)
    return fields.Schema(
        id=fields.ID(stored=True, unique=True), body=fields.TEXT(analyzer=analyzer)
    )


def make_parser(schema):
    """A parser with the syntax of PostgreSQL's ``websearch_to_tsquery``.

    Words must all match, "quoted words" match as a phrase, ``or`` between words makes
    either do, ``-word`` excludes. Field names, wildcards, ranges and boosts are plain
    text, so no query can read another field or make the index enumerate every term.
    """
    operators = qparser.OperatorsPlugin(
        And=None, Or=r"(?<=\s)(?i:or)(?=\s)", AndNot=None, AndMaybe=None, Not=None, Require=None
    )
    plugins = [qparser.PhrasePlugin(), qparser.GroupPlugin(), operators, qparser.PlusMinusPlugin()]
    return qparser.QueryParser("body", schema, plugins=plugins)


class WhooshIndex:
    """The index folder, shared by the threads of a process: its schema and query parser,
    opening it, and the write lock that every writer takes."""

    def __init__(self, index_dir, lock_timeout=LOCK_TIMEOUT):
        self.index_dir = str(index_dir)
        self.lock_timeout = lock_timeout
        self.schema = make_schema()
        self.parser = make_parser(self.schema)

    @classmethod
    def from_settings(cls, settings):
        index = cls(settings["microblog.search_index_dir"])
        index.create_if_missing()
        return index

    @property
    def available(self):
        try:
            with self.open() as ix:
                ix.doc_count()
        except Exception:
            return False
        return True

    def create_if_missing(self):
        """Make an empty index when there is none yet (a fresh install); a failure is
        logged, and search says it is unavailable until ``microblog reindex`` repairs it."""
        try:
            os.makedirs(self.index_dir, exist_ok=True)
            with self.lock():
                # a table of contents, even a damaged one, means an index: only reindex
                # may replace it
                tables = [
                    name
                    for name in os.listdir(self.index_dir)
                    if name.startswith(f"_{INDEX_NAME}_") and name.endswith(".toc")
                ]
                if not tables:
                    index.create_in(self.index_dir, self.schema, indexname=INDEX_NAME)
                    log.info("Created an empty search index at %s", self.index_dir)
        except Exception:
            log.error("Cannot create the search index at %s", self.index_dir, exc_info=True)

    def repair(self):
        """Replace an index that cannot be read by an empty one."""
        os.makedirs(self.index_dir, exist_ok=True)
        with self.lock():
            try:
                with self.open() as ix:
                    ix.doc_count()
            except Exception as error:
                log.warning(
                    "Replacing the unreadable search index at %s (%s)", self.index_dir, error
                )
                index.create_in(self.index_dir, self.schema, indexname=INDEX_NAME)

    @contextlib.contextmanager
    def open(self):
        storage = ClosingStorage(self.index_dir)
        try:
            # this code's schema, not the one pickled in the index by an older version
            yield storage.open_index(INDEX_NAME, schema=self.schema)
        except BaseException:
            storage.close_leftovers()
            raise

    @contextlib.contextmanager
    def lock(self):
        # Our own hold on Whoosh's lock file, not the writer's: a writer that fails while
        # opening a broken index would otherwise keep the lock for the life of the process.
        lock = FileStorage(self.index_dir).lock(LOCK_NAME)
        deadline = time.monotonic() + self.lock_timeout
        while not lock.acquire(blocking=False):
            if time.monotonic() > deadline:
                raise writing.LockError(
                    f"the search index at {self.index_dir} stayed "
                    f"locked for {self.lock_timeout} seconds"
                )
            time.sleep(LOCK_DELAY)
        try:
            yield
        finally:
            lock.release()

    @contextlib.contextmanager
    def writer(self, mergetype=None):
        with self.lock(), self.open() as ix:
            writer = ix.writer(_lk=False, limitmb=WRITER_MEMORY_MB)
            try:
                yield writer
                writer.commit(mergetype=mergetype)
            except BaseException:
                # a commit that failed half-way (a full disk, a folder gone) still holds
                # its segment's files open: cancelling closes them
                if not writer.is_closed:
                    with contextlib.suppress(Exception):
                        writer.cancel()
                raise


@implementer(ISearch)
class WhooshSearch:
    """Full-text search over posts in a Whoosh index; one per process, shared by threads."""

    available = property(lambda self: self.index.available)

    def __init__(self, index):
        self.index = index

    def query(self, text, page, per_page):
        try:
            with self.index.open() as ix, ix.searcher() as searcher:
                results = searcher.search(self.index.parser.parse(text), limit=page * per_page)
                total = len(results)
                hits = results[(page - 1) * per_page : page * per_page]
                return [int(hit["id"]) for hit in hits], total
        except Exception as error:
            log.error(
                "Search failed in the index at %s (run `microblog reindex CONFIG` to rebuild it)",
                self.index.index_dir,
                exc_info=True,
            )
            raise SearchUnavailable(str(error)) from error


@implementer(ISearchIndexer)
class WhooshIndexer:
    """Writes the posts of the database (``rows``, a :class:`~.search_index.PostRows`) to
    the index. Each write reads the posts once it holds the lock, so that the last writer
    always writes what the database holds last."""

    def __init__(self, index, rows):
        self.index, self.rows = index, rows

    def refresh(self, post_ids):
        post_ids = sorted(set(post_ids))
        with self.index.writer() as writer:
            bodies = self.rows.bodies(post_ids)
            for post_id in post_ids:
                if post_id in bodies:
                    writer.update_document(id=str(post_id), body=bodies[post_id])
                else:
                    writer.delete_by_term("id", str(post_id))

    def rebuild(self, progress=None):
        # Batch by batch, each under the lock: writers of new posts wait for one batch,
        # never for the whole rebuild. The first batch clears the old segments; a post
        # published meanwhile is written by its own writer or found by a later batch.
        self.index.repair()
        after, mergetype, indexed = 0, writing.CLEAR, 0
        while True:
            with self.index.writer(mergetype) as writer:
                rows = self.rows.after(after)
                for post_id, body in rows:
                    writer.update_document(id=str(post_id), body=body)
            mergetype = None
            indexed += len(rows)
            if progress:
                progress(len(rows))
            if not rows:
                return indexed
            after = rows[-1][0]


class ClosingStorage(FileStorage):
    """Whoosh's folder storage, remembering the files it opens: reading a damaged table of
    contents raises without closing its file, which would stay open until collected."""

    def __init__(self, path):
        super().__init__(path)
        self.opened = []

    def open_file(self, name, **kwargs):
        stream = super().open_file(name, **kwargs)
        self.opened.append(stream)
        return stream

    def close_leftovers(self):
        for stream in self.opened:
            if not stream.is_closed:
                stream.close()
