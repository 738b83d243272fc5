"""Translating posts: the translator ``TRANSLATOR`` names (``translators.py``), behind a cache.

Translations that succeed are kept in the ``translation`` table, so each text is paid for
once per language. A remote translator may take seconds to answer: no database transaction
stays open meanwhile (on SQLite it would hold the write lock for everybody, on PostgreSQL
a connection idle in a transaction). ``/translate`` runs outside the request transaction
(see ``views/translate.py``), and the cache reads and stores in short transactions of its
own.
"""

import logging

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from zope.interface import implementer

from ..language import normalize_language
from ..models import unit_of_work
from ..models.translation import Translation, source_key
from .interfaces import ITranslator
from .translators import NullTranslator, make_backend

log = logging.getLogger(__name__)


@implementer(ITranslator)
class CachedTranslator:
    """A translator behind the ``translation`` table: each text is translated once per
    language. The cache is read in one transaction and written in another, with none open
    while the translator is asked (see :func:`~microblog.models.unit_of_work`)."""

    def __init__(self, backend, request):
        self.backend, self.request = backend, request

    def translate(self, text, source_language, dest_language):
        key = source_key(text, normalize_language(source_language))
        dest = normalize_language(dest_language)
        with unit_of_work(self.request) as dbsession:
            cached = dbsession.scalar(
                select(Translation.text).where(
                    Translation.source_hash == key, Translation.dest_language == dest
                )
            )
        if cached is not None:
            return cached
        translated = self.backend.translate(text, source_language, dest_language)
        with unit_of_work(self.request):
            self.remember(key, dest, translated)
        return translated

    def remember(self, key, dest_language, translated):
        dbsession = self.request.dbsession
        try:
            with dbsession.begin_nested():
                dbsession.add(
                    Translation(source_hash=key, dest_language=dest_language, text=translated)
                )
        except IntegrityError:
            # another request stored the same translation meanwhile: theirs is as good, and
            # the savepoint keeps the transaction usable
            log.debug("translation %s -> %s already cached", key[:8], dest_language)


def includeme(config):
    backend = make_backend(config.get_settings())
    configured = not isinstance(backend, NullTranslator)
    # pages offer Translate only when there is a service to ask
    config.add_request_method(lambda request: configured, "can_translate", reify=True)
    if not configured:
        config.register_service(backend, ITranslator)
        return
    config.register_service_factory(
        lambda context, request: CachedTranslator(backend, request), ITranslator
    )
