"""Errors a user can act on. Each carries a stable finding code and a one-line message."""


class InputError(Exception):
    """An input file that cannot be read as a notice. Never shown as a traceback."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message
