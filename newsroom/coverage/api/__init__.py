"""The REST API under /api/v1/: the same one definition of public as the site."""
