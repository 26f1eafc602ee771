"""The cross-linking engine: propose story→transcript citations and people/place mentions."""
