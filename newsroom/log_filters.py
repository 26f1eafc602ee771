"""Logging filters used by the LOGGING setting."""

import logging
import math
import threading
import time


class AtMostEvery(logging.Filter):
    """Pass one record per logger and message every `seconds`, dropping repeats between.

    While a service is down every request fails the same way: one line a minute says
    so without filling the disk.
    """

    def __init__(self, seconds: float = 60):
        super().__init__()
        self.seconds = seconds
        self.passed: dict[tuple[str, str], float] = {}
        self.lock = threading.Lock()

    def filter(self, record: logging.LogRecord) -> bool:
        key, now = (record.name, str(record.msg)), time.monotonic()
        with self.lock:
            if now - self.passed.get(key, -math.inf) < self.seconds:
                return False
            self.passed[key] = now
        return True
