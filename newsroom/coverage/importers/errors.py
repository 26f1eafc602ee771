class DocumentError(ValueError):
    """A document that cannot be imported, with the line that shows why where there is one."""

    def __init__(self, message: str, *, line: int | None = None):
        self.message = message
        self.line = line
        super().__init__(f"line {line}: {message}" if line else message)


class MissingSource(DocumentError):
    """A story that names no source, imported without one."""

    def __init__(self):
        super().__init__(
            "the story names no source: choose its source, or end the text with a "
            "“[Source: …]” line"
        )
