"""Turn documents received as text into records: parsers here, writes in coverage.services."""

from newsroom.coverage.importers.errors import DocumentError

__all__ = ["DocumentError"]
