"""What readers get, rendered: a story's anchored text, a transcript's turns, JSON-LD,
addresses, pages of lists, feeds and sitemaps. The views (views/) compose these; what
is kept of them, and for how long, is the cache's business (cache/)."""
