"""Errors a user can act on. Each carries a stable finding code and a one-line message."""


def reason(exc: Exception) -> str:
    """What a library said went wrong, cut to one short line for a user's error message."""
    return (str(exc).splitlines() or [type(exc).__name__])[0][:120] or type(exc).__name__


class InputError(Exception):
    """An input file that cannot be read as a notice. Never shown as a traceback."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message
