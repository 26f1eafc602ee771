"""Run database work again when the connection to the database is lost."""

import logging
import time

from django.db import InterfaceError, OperationalError, connection

logger = logging.getLogger(__name__)

# A restart of PostgreSQL takes a few seconds; 1 + 2 + 4 + 8 s covers it.
ATTEMPTS = 5
FIRST_WAIT = 1.0
LOST = (OperationalError, InterfaceError)


def with_reconnect(work, *, attempts: int = ATTEMPTS, first_wait: float = FIRST_WAIT):
    """Return `work()`, calling it again on a fresh connection when the database drops.

    Inside a transaction another call cannot help (the transaction is gone), so the
    error is raised to whoever opened it. The work must be idempotent.
    """
    wait = first_wait
    for attempt in range(1, attempts + 1):
        try:
            return work()
        except LOST as error:
            if attempt == attempts or connection.in_atomic_block:
                raise
            logger.warning(
                "Lost the database (%s); trying again in %.0f s (attempt %d of %d)",
                str(error).strip().splitlines()[0] if str(error).strip() else type(error),
                wait,
                attempt + 1,
                attempts,
            )
            connection.close()  # the next query opens a new connection
            time.sleep(wait)
            wait *= 2
    raise AssertionError("unreachable")  # pragma: no cover
