"""Public pages. Lists use `published()`; detail pages let staff preview drafts."""
