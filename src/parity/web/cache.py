"""Django's database cache, with an ``incr`` that two processes cannot interleave.

The rate limits (:mod:`parity.web.ratelimit`) count requests with ``add`` and ``incr`` in the
cache that every server process shares. Redis increments atomically; Django's database cache
does not: its ``incr`` reads the value and writes it back in two statements, so two processes
counting at once can both write the same number and lose a request, which a guesser sending in
parallel would exploit. Here the read and the write happen in one transaction that holds the
entry's row: ``SELECT … FOR UPDATE`` on PostgreSQL, and on SQLite the write lock that Parity's
``IMMEDIATE`` transactions take when they begin. The entry also keeps its expiry, where
Django's ``incr`` would reset it to the default timeout.
"""

from __future__ import annotations

import base64
import pickle
from typing import Any

from django.core.cache.backends.db import DatabaseCache
from django.db import connections, router, transaction


class AtomicDatabaseCache(DatabaseCache):
    """The database cache whose ``incr`` is one locked read and write of the entry's row."""

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> int:
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        name = connection.ops.quote_name
        table = name(self.cache_model_class._meta.db_table)
        cache_key, value = name("cache_key"), name("value")
        stored_key = self.make_and_validate_key(key, version=version)
        lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
        with transaction.atomic(using=db), connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {cache_key} FROM {table} WHERE {cache_key} = %s{lock}", [stored_key]
            )
            current = self.get(key, version=version)  # None when missing or expired
            if current is None:
                raise ValueError(f"Key '{key}' not found.")
            new = int(current) + delta
            encoded = base64.b64encode(pickle.dumps(new, self.pickle_protocol)).decode("latin1")
            cursor.execute(
                f"UPDATE {table} SET {value} = %s WHERE {cache_key} = %s", [encoded, stored_key]
            )
        return new
