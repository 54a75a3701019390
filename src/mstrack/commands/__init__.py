"""One module per command; `mstrack.cli` gathers them into the `mstrack` group."""

from __future__ import annotations

from pathlib import Path

import click


class CommandError(click.ClickException):
    """A failure the user can act on: one line on stderr, no traceback."""

    def __init__(self, message: str, exit_code: int = 1):
        super().__init__(message)
        self.exit_code = exit_code

    def show(self, file=None) -> None:
        click.echo(f"mstrack: error: {self.format_message()}", err=True)


DEFAULT_OUT = "data/out"

# The OUT_DIR argument of the commands that read an output folder.
out_argument = click.argument("out_dir", default=DEFAULT_OUT, type=click.Path(path_type=Path, file_okay=False))
