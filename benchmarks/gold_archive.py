"""Put the real gold archive (tests/gold/real) at the start of a new benchmark database.

Run by benchmarks.http before the synthetic archive is generated, so the real Kremlin
records are the oldest rows and the search relevance set can be measured on them among
a million newer synthetic passages.
"""

import django

django.setup()

from newsroom.coverage.search.relevance import GOLD, load_archive  # noqa: E402

if __name__ == "__main__":
    load_archive(GOLD)
    print(f"loaded the gold archive from {GOLD}")
