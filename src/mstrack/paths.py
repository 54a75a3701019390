"""Which files a run reads and how their paths are spelt: found under the paths given, one spelling
per file, printable whatever bytes their names hold."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterator

SKIPPED_NAMES = {".DS_Store", "Thumbs.db"}


# Control characters (C0, DEL, C1) in a file name, shown as escapes like undecodable bytes: a newline
# in a name would otherwise forge a line of stderr ("mstrack: error: …") or of a report.
_CONTROL = {c: f"\\x{c:02x}" for c in [*range(0x20), *range(0x7F, 0xA0)]}


def printable_path(path: Path | str) -> str:
    """The path as text that can be printed and stored: a file name that is not valid UTF-8 keeps
    its undecodable bytes as backslash escapes (caf\\xe9.txt) instead of lone surrogates, and its
    control characters too (a\\x0ab.txt)."""
    return os.fsencode(path).decode("utf-8", "backslashreplace").translate(_CONTROL)


def source_path_of(path: Path) -> Path:
    """One spelling per file: its folder with links resolved (`raw`, `./raw`, `$PWD/raw` and a link
    to the folder are one place), relative to the working folder when under it, else absolute. The
    file's own name is kept, so a link to a file stays a name of its own (read once, as a duplicate)."""
    folder = os.path.realpath(path.parent)
    full = Path(folder) / path.name
    here = os.path.realpath(os.getcwd())
    if folder == here or folder.startswith(here.rstrip(os.sep) + os.sep):
        return Path(os.path.relpath(full, here))
    return full


def discover(paths: list[Path], skip: list[Path] = ()) -> Iterator[tuple[Path, OSError | None]]:
    """Files under the given paths, folders walked recursively in sorted order, each with the error
    that stopped the walk from listing it (a folder without read permission), else None. Each file
    comes once, spelt as source_path_of says, however many of the paths name it.

    Links to folders are followed, but a folder is walked once: a symlink loop cannot trap the walk.
    A link that points to itself is yielded like a file, and fails to be read with its own reason.
    Folders in `skip` (the output folder, when it lies inside an input folder) are not walked.
    """
    walked: set[tuple[int, int]] = set()
    for folder in skip:
        try:
            st = os.stat(folder)
        except OSError:
            continue
        walked.add((st.st_dev, st.st_ino))
    yielded: set[str] = set()
    for path in paths:
        if not path.is_dir():
            path = source_path_of(path)
            if str(path) not in yielded:
                yielded.add(str(path))
                yield path, None
            continue
        path = source_path_of(path)
        errors: list[OSError] = []
        for root, dirs, files in os.walk(path, followlinks=True, onerror=errors.append):
            for error in errors:
                yield Path(error.filename or root), error
            errors.clear()
            try:
                st = os.stat(root)
            except OSError as error:
                yield Path(root), error
                dirs[:] = []
                continue
            if (st.st_dev, st.st_ino) in walked:
                dirs[:] = []
                continue
            walked.add((st.st_dev, st.st_ino))
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                file = source_path_of(Path(root) / name)
                if not name.startswith(".") and name not in SKIPPED_NAMES and str(file) not in yielded:
                    yielded.add(str(file))
                    yield file, None
        for error in errors:
            yield Path(error.filename or path), error
