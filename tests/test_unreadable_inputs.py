import io
import zipfile

import pytest

from conftest import read_tables, run
from mstrack.errors import InputError
from native import NATIVE, read
import pdf_bytes

DOCX = NATIVE / "000_xiacheng_2011_half_year.docx"
PDF = NATIVE / "000_xiacheng_2011_half_year.pdf"


def zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("word/document.xml", b"\0" * (20 * 1024 * 1024))
    return buffer.getvalue()


CASES = {
    "garbage.docx": (lambda: b"this is not a word file at all", ".docx file cannot be read: it is not a zip package as .docx files are; if it is an old .doc, convert it: soffice --headless --convert-to docx FILE"),
    "truncated.docx": (lambda: DOCX.read_bytes()[: DOCX.stat().st_size // 2], ".docx file cannot be read: truncated or damaged (zip: File is not a zip file); open it in Word or LibreOffice and save it again as .docx"),
    "bomb.docx": (zip_bomb, ".docx file cannot be read: its part word/document.xml inflates"),
    "not_word.docx": (lambda: _zip({"readme.txt": "hello"}), ".docx file cannot be read: a zip without word/document.xml is no Word document"),
    "garbage.pdf": (lambda: b"<html>an error page saved as pdf</html>", ".pdf file cannot be read: it has no %PDF- header; check what the file really is"),
    "truncated.pdf": (lambda: PDF.read_bytes()[:30000], ".pdf file cannot be read: it is truncated (no %EOF at its end); download it again"),
    "encrypted.pdf": (pdf_bytes.encrypted_pdf, ".pdf file cannot be read: it is encrypted and needs a password; save an unprotected copy (e.g. qpdf --decrypt) and read that"),
    "scan.pdf": (pdf_bytes.scanned_pdf, ".pdf file cannot be read: it has no text layer (a scan); run OCR on it (e.g. ocrmypdf -l chi_sim) or find the original document"),
}


def _zip(members: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        for name, text in members.items():
            package.writestr(name, text)
    return buffer.getvalue()


@pytest.mark.parametrize("name", list(CASES))
def test_unreadable_native_file_says_what_to_do(tmp_path, name):
    make, message = CASES[name]
    path = tmp_path / name
    path.write_bytes(make())
    with pytest.raises(InputError) as err:
        read(path)
    assert err.value.code == "UNREADABLE_INPUT"
    assert err.value.message.startswith(message)
    assert "\n" not in err.value.message


def test_zip_bomb_is_refused_by_its_ratio_before_extracting(tmp_path):
    path = tmp_path / "bomb.docx"
    path.write_bytes(zip_bomb())
    with pytest.raises(InputError, match=r"inflates \d+ to 1 \(a zip bomb\?\); it was not extracted"):
        read(path)


OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the container of .doc, .wps and .xls files


@pytest.mark.parametrize("name", ["old.doc", "old.wps"])
def test_word_files_without_libreoffice_say_how_to_convert(tmp_path, name, monkeypatch):
    from mstrack.readers import office

    monkeypatch.setattr(office, "soffice", lambda: None)
    path = tmp_path / name
    path.write_bytes(OLE + b"\0" * 512)
    with pytest.raises(InputError) as err:
        read(path)
    assert err.value.code == "UNREADABLE_INPUT"
    assert err.value.message.startswith(f".{name.split('.')[1]} files are read through LibreOffice, which is not installed (no soffice on PATH); "
                                        "convert it to .docx: soffice --headless --convert-to docx FILE")


@pytest.mark.parametrize("name", ["old.doc", "old.wps"])
def test_a_word_file_that_is_no_office_file_is_named_so(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(b"\xd0\xcf\x11\xe0binary")
    with pytest.raises(InputError, match=r"file cannot be read: it is neither a Word or WPS document nor a saved web page"):
        read(path)


def test_a_damaged_xls_points_to_a_format_that_is_read(tmp_path):
    path = tmp_path / "sheet.xls"
    path.write_bytes(OLE + b"\0" * 512)
    with pytest.raises(InputError) as err:
        read(path)
    assert err.value.message.startswith(".xls file cannot be read: damaged or not a workbook")
    assert err.value.message.endswith("save it as .xlsx (soffice --headless --convert-to xlsx FILE)")
    path.write_bytes(b"not a workbook")
    with pytest.raises(InputError, match=r"not an Excel 97-2003 workbook; open it in Excel or LibreOffice and save it as .xlsx"):
        read(path)


def test_a_zip_without_a_workbook_is_no_xlsx(tmp_path):
    path = tmp_path / "sheet.xlsx"
    path.write_bytes(_zip({"readme.txt": "hello"}))
    with pytest.raises(InputError, match=r".xlsx file cannot be read: a zip without xl/workbook.xml is no workbook"):
        read(path)


def test_unreadable_files_fail_alone_and_good_ones_are_written(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "good.docx").write_bytes(DOCX.read_bytes())
    for name in ("garbage.docx", "truncated.pdf", "encrypted.pdf", "scan.pdf", "bomb.docx"):
        (inputs / name).write_bytes(CASES[name][0]())
    result = run("ingest", inputs, "--out", tmp_path / "out")
    assert result.exit_code == 1
    errors = result.stderr.strip().split("\n")
    assert len(errors) == 5
    assert f"mstrack: error: {inputs / 'scan.pdf'}: .pdf file cannot be read: it has no text layer (a scan)" in result.stderr
    assert "read 1 of 6 files" in result.output
    tables = read_tables(tmp_path / "out")
    good = tables["documents"][tables["documents"].source_path.str.endswith("good.docx")].iloc[0]
    assert (list(good.kinds), good.media_type, good.district, good.year) == (["half_year"], "docx", "下城区", 2011)
    errors_found = tables["findings"][tables["findings"].severity == "error"]
    assert sorted(errors_found.code) == ["UNREADABLE_INPUT"] * 5
    failed = tables["documents"][tables["documents"].kinds.map(len) == 0]
    assert sorted(failed.media_type) == ["docx", "docx", "pdf", "pdf", "pdf"]
    assert failed.encoding.isna().all()


@pytest.mark.skipif(not (__import__("shutil").which("soffice")), reason="LibreOffice is not installed")
def test_a_conversion_over_its_time_limit_is_stopped_with_its_processes(tmp_path, monkeypatch):
    import subprocess

    from mstrack.readers import office

    monkeypatch.setattr(office, "CONVERT_TIMEOUT", 0.01)
    path = tmp_path / "slow.doc"
    path.write_bytes((NATIVE / "003_gongshu_2024_responsibility_allocation.doc").read_bytes())
    with pytest.raises(InputError, match=r"LibreOffice took more than 0.01 s to convert it"):
        read(path)
    left = subprocess.run(["pgrep", "-f", "mstrack-soffice-"], capture_output=True, text=True).stdout
    assert not left.strip()
