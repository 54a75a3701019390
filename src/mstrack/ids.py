"""Deterministic ids: the same input bytes give the same ids on every run and machine."""

from __future__ import annotations

import hashlib


def make_id(prefix: str, *parts: object) -> str:
    """`prefix_` + 16 hex digits of SHA-1 over the parts (joined with a separator no part contains)."""
    digest = hashlib.sha1("\x1f".join(["" if p is None else str(p) for p in parts]).encode("utf-8")).hexdigest()
    return f"{prefix}_{digest[:16]}"


def doc_id_for(sha256: str) -> str:
    """A document's id comes from its bytes, so one file copied under two names is one document."""
    return f"doc_{sha256[:16]}"
