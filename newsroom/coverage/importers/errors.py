class DocumentError(ValueError):
    """A document that cannot be imported, with the line that shows why where there is one.

    `field` names the input that would mend it (title, date, replace, …): the command
    points to its option, the admin form shows the message beside that field. The
    message itself speaks of neither.
    """

    def __init__(self, message: str, *, line: int | None = None, field: str | None = None):
        self.message = message
        self.line = line
        self.field = field
        super().__init__(f"line {line}: {message}" if line else message)

    def for_command(self) -> str:
        """Say it with the command-line option that mends it."""
        return f"{self} (--{self.field})" if self.field else str(self)


class MissingSource(DocumentError):
    """A story that names no source, imported without one."""

    def __init__(self):
        super().__init__(
            "the story names no source: choose its source, or end the text with a "
            "“[Source: …]” line"
        )
