"""Limits that keep one input from stopping a batch; defaults of `mstrack ingest --max-bytes/--timeout`.
A module of its own so that the CLI can show them without importing the pipeline."""

DEFAULT_MAX_BYTES = 50 * 1024 * 1024  # a notice is a few hundred kB; 50 MB is a scanned PDF at most
DEFAULT_TIMEOUT = 60.0  # seconds per document; the samples take well under one
