class DocumentError(ValueError):
    """A document that cannot be imported, with the line that shows why where there is one."""

    def __init__(self, message: str, *, line: int | None = None):
        self.message = message
        self.line = line
        super().__init__(f"line {line}: {message}" if line else message)
