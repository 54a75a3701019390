"""Old word-processor files (.doc, .wps) → SourceDocument, through LibreOffice.

Government sites serve many notices as .doc. Some are not Word files at all: a page saved as
HTML (or a .docx, or RTF) under a .doc name, which is read as what its bytes are. A real .doc or
.wps is converted to .docx by LibreOffice (`soffice --headless`) in a temporary folder, with a
profile of its own so that it neither waits for nor disturbs a LibreOffice the user has open, and
read as a .docx; without LibreOffice the file is refused saying how to convert it.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from ..model import SourceDocument
from ..errors import InputError

# Seconds LibreOffice may take to convert one file, at most; the document's --timeout, when
# shorter, stops it first (the conversion is killed with the document).
CONVERT_TIMEOUT = 120
HTML_START = re.compile(rb"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body|meta|table|div|p)\b", re.IGNORECASE | re.DOTALL)
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def read_word_processor(path: str, data: bytes, sha256: str, suffix: str, encoding: str | None = None) -> SourceDocument:
    """A .doc or .wps file: by what its bytes are, else converted by LibreOffice."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf")
    if HTML_START.match(head):
        from .html import read_html

        return read_html(path, data, sha256, encoding)
    if data.startswith(b"PK"):
        from .docx import read_docx

        return read_docx(path, data, sha256)
    how = f"convert it to .docx: soffice --headless --convert-to docx FILE (apt-get install libreoffice-writer-nogui), or open it in Word or WPS and save it as .docx"
    if not (data.startswith(OLE_MAGIC) or head.startswith(b"{\\rtf")):
        raise InputError("UNREADABLE_INPUT", f"{suffix} file cannot be read: it is neither a Word or WPS document nor a saved web page; check what the file really is")
    program = soffice()
    if program is None:
        raise InputError("UNREADABLE_INPUT", f"{suffix} files are read through LibreOffice, which is not installed (no soffice on PATH); {how}")
    docx_bytes = convert(program, data, suffix, "docx", how)
    from .docx import read_docx

    doc = read_docx(path, docx_bytes, sha256)
    doc.media_type = suffix.lstrip(".")
    return doc


def convert(program: str, data: bytes, suffix: str, target: str, how: str) -> bytes:
    """LibreOffice's conversion of `data` (a file of `suffix`) to `target`, in a temporary folder."""
    with tempfile.TemporaryDirectory(prefix="mstrack-soffice-") as work:
        folder = Path(work)
        source = folder / f"input{suffix}"
        source.write_bytes(data)
        command = [program, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless", "--norestore",
                   "--convert-to", target, "--outdir", str(folder / "out"), str(source)]
        try:
            # A session of its own: `soffice` is a script that starts soffice.bin; stopping the
            # conversion (its time limit, or the document's --timeout) stops the whole group.
            process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
        except OSError as exc:
            raise InputError("UNREADABLE_INPUT", f"{suffix} file cannot be read: LibreOffice could not be started ({exc.strerror}); {how}") from None
        try:
            stdout, stderr = process.communicate(timeout=CONVERT_TIMEOUT)
        except BaseException as exc:
            _stop(process)
            if isinstance(exc, subprocess.TimeoutExpired):
                raise InputError("UNREADABLE_INPUT", f"{suffix} file cannot be read: LibreOffice took more than {CONVERT_TIMEOUT} s to convert it; {how}") from None
            raise
        converted = folder / "out" / f"input.{target}"
        if process.returncode != 0 or not converted.exists():
            said = (stderr or stdout).decode("utf-8", "replace").strip().splitlines()
            reason = said[-1][:120] if said else f"exit status {process.returncode}"
            raise InputError("UNREADABLE_INPUT", f"{suffix} file cannot be read: LibreOffice could not convert it ({reason}); the file may be damaged")
        return converted.read_bytes()


def _stop(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    process.wait()
