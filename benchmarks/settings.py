"""The project's settings plus the ceiling view, for `make bench` only."""

from newsroom.settings import *  # noqa: F403

ROOT_URLCONF = "benchmarks.urls"
