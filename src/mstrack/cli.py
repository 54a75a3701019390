"""The command line. It parses arguments and prints; the work is done in pipeline, merge, writer
and validate. One module per command in `mstrack.commands`.

Heavy libraries (pandas, pyarrow, opencc) are imported inside the commands, so `mstrack --help`
starts fast.
"""

from __future__ import annotations

import click

from . import __version__
from .commands.describe import describe
from .commands.export import export
from .commands.ingest import ingest
from .commands.report import report
from .commands.validate import DEFAULT_OUT, validate

__all__ = ["main", "DEFAULT_OUT"]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="mstrack")
def main() -> None:
    """Turn Chinese local-government notices about 民生实事 into clean, typed tables.

    \b
    Example:
        mstrack ingest data/raw --out data/out
        mstrack validate data/out
    """


main.add_command(ingest)
main.add_command(validate)
main.add_command(describe)
main.add_command(export)
main.add_command(report)
