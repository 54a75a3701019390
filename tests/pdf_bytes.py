"""Tiny PDFs written by hand, for the quirks a test needs and LibreOffice would not produce."""

from __future__ import annotations


def build(objects: list[bytes], trailer_extra: bytes = b"") -> bytes:
    """objects[0] is the catalog (1 0 obj); returns a whole PDF with its xref table."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, trailer_extra, xref)
    return bytes(out)


def _stream(content: bytes) -> bytes:
    return b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream"


def _page(content: bytes, font: bytes | None) -> list[bytes]:
    resources = b"<< /Font << /F1 5 0 R >> >>" if font else b"<< >>"
    return [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources " + resources + b" /Contents 4 0 R >>",
        _stream(content),
    ] + ([font] if font else [])


def latin_text_pdf(lines: list[str]) -> bytes:
    """A page of Helvetica lines."""
    body = b"".join(b"BT /F1 12 Tf 72 %d Td (%s) Tj ET\n" % (780 - 20 * i, line.encode("latin-1")) for i, line in enumerate(lines))
    return build(_page(body, b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"))


def cid_font_pdf(glyphs: int = 40) -> bytes:
    """A CJK-style Type0 font with Identity-H and no ToUnicode map: its text extracts as (cid:N)."""
    codes = b"".join(b"%04X" % (100 + i) for i in range(glyphs))
    body = b"BT /F1 12 Tf 72 780 Td <" + codes + b"> Tj ET\n"
    objects = _page(body, b"<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H /DescendantFonts [6 0 R] >>")
    objects.append(b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 1000 >>")
    return build(objects)


def scanned_pdf() -> bytes:
    """A page that is only a drawing (as a scan is only an image): no text layer."""
    return build(_page(b"0 0 0 rg 72 72 200 300 re f\n", None))


def encrypted_pdf() -> bytes:
    """A page behind the standard security handler with a user password that is not empty."""
    objects = _page(b"BT /F1 12 Tf 72 780 Td (secret) Tj ET\n", b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    objects.append(b"<< /Filter /Standard /V 1 /R 2 /O <" + b"11" * 32 + b"> /U <" + b"22" * 32 + b"> /P -4 >>")
    return build(objects, b"/Encrypt 6 0 R /ID [<" + b"33" * 16 + b"> <" + b"33" * 16 + b">] ")


def self_referencing_pdf(part: str = "resources", cycle: int = 1) -> bytes:
    """A page whose /Resources or /Contents is an object that refers to itself (`4 0 obj 4 0 R
    endobj`), or, with cycle=2, to another object that refers back (A → B → A)."""
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
    content = _stream(b"BT /F1 12 Tf 72 780 Td (loop) Tj ET\n")
    loop = [b"4 0 R"] if cycle == 1 else [b"5 0 R", b"4 0 R"]
    if part == "resources":
        page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources 4 0 R /Contents %d 0 R >>" % (4 + len(loop))
        rest = [content, font]
    else:
        page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 %d 0 R >> >> /Contents 4 0 R >>" % (4 + len(loop))
        rest = [font]
    return build([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>", page, *loop, *rest])


def scanned_pages_with_a_text_line(pages: int = 3, line: str = "Scanned by the office copier") -> bytes:
    """Pages that are each one page-sized image (a scan), the first with a line of real text above
    it, as a copier or a site's stamp adds one."""
    count = pages
    kids = b" ".join(b"%d 0 R" % (3 + 2 * i) for i in range(count))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % count]
    font = 3 + 2 * count
    image = font + 1
    for i in range(count):
        content = b"q 595 0 0 842 0 0 cm /Im1 Do Q\n"
        if i == 0:
            content += b"BT /F1 9 Tf 72 820 Td (%s) Tj ET\n" % line.encode("latin-1")
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 %d 0 R >> /XObject << /Im1 %d 0 R >> >> /Contents %d 0 R >>" % (font, image, 4 + 2 * i))
        objects.append(_stream(content))
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    pixels = bytes(range(256)) * 16  # 64 x 64 grey levels
    objects.append(b"<< /Type /XObject /Subtype /Image /Width 64 /Height 64 /ColorSpace /DeviceGray /BitsPerComponent 8 /Length %d >>\nstream\n" % len(pixels) + pixels + b"\nendstream")
    return build(objects)
