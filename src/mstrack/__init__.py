"""mstrack: turn notices about 民生实事 into clean, typed tables."""

__version__ = "0.1.0"

# Bumped whenever a parser changes the rows it produces; stored in documents.parser_version
# so that `mstrack validate` can tell tables written by another version apart.
PARSER_VERSION = "0.1.0"
