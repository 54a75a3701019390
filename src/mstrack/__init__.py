"""mstrack: turn notices about 民生实事 into clean, typed tables."""

__version__ = "0.1.0"

# Bumped whenever a parser changes the rows it produces; stored in documents.parser_version
# so that `mstrack validate` can tell tables written by another version apart.
PARSER_VERSION = "0.2.2"

import sys  # noqa: E402

# The library (light to import: pandas, pyarrow and the parsers load when a function is called).
from .api import ParsedDocument, Tables, ValidationReport, connect, ingest, load, parse, validate  # noqa: E402

__all__ = ["ParsedDocument", "Tables", "ValidationReport", "connect", "ingest", "load", "parse", "validate", "__version__", "PARSER_VERSION"]


class _Package(type(sys.modules[__name__])):
    """`mstrack.validate` is the function, although a submodule has that name too: importing the
    submodule (which the pipeline does) would otherwise replace the function by the module here.
    The submodule stays importable by its full name (`from mstrack.validate import validate_dir`)."""

    def __setattr__(self, name, value):
        if name in __all__ and isinstance(value, type(sys)):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
