"""The checks before a workbook is opened (workbook_templates.file_guard), each on a file made here."""
import zipfile
from pathlib import Path

import pytest

from formulas.errors import KtxhError
from workbook_templates import file_guard
from workbook_templates.file_guard import guard_workbook

WORKBOOK_XML = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
                + '<sheets><sheet name="Nông nghiệp" sheetId="1" r:id="rId1"/></sheets></workbook>'.encode())
RELS = (b'<?xml version="1.0" encoding="UTF-8"?><Relationships '
        b'xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        b'<Relationship Id="rId1" Type="worksheet" Target="worksheets/sheet1.xml"/></Relationships>')


def sheet(rows: int = 3, prolog: bytes = b"") -> bytes:
    return (b'<?xml version="1.0" encoding="UTF-8"?>' + prolog +
            b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            + f'<dimension ref="A1:P{rows}"/>'.encode() + b"<sheetData/></worksheet>")


def package(tmp_path, name="so.xlsx", **parts) -> Path:
    members = {"xl/workbook.xml": WORKBOOK_XML, "xl/_rels/workbook.xml.rels": RELS,
               "xl/worksheets/sheet1.xml": sheet()}
    members.update({k.replace("__", "/"): v for k, v in parts.items()})
    p = tmp_path / name
    with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as zf:
        for k, v in members.items():
            zf.writestr(k, v)
    return p


def refused(path, *words):
    with pytest.raises(KtxhError) as info:
        guard_workbook(path)
    message = str(info.value)
    assert path.name in message
    for w in words:
        assert w in message, message
    return message


def test_a_plain_workbook_package_passes(tmp_path):
    guard_workbook(package(tmp_path))


def test_missing_paths_and_folders_are_left_to_the_reader(tmp_path):
    guard_workbook(tmp_path / "khong_co.xlsx")
    guard_workbook(tmp_path)


def test_empty_and_non_zip_files_are_refused_by_their_bytes(tmp_path):
    (tmp_path / "rong.xlsx").write_bytes(b"")
    refused(tmp_path / "rong.xlsx", "rỗng")
    (tmp_path / "web.xlsx").write_bytes(b"<html><table></table></html>")
    refused(tmp_path / "web.xlsx", "không phải là sổ")


def test_compound_files_are_told_apart_encrypted_from_xls(tmp_path):
    head = file_guard.OLE_MAGIC + bytes(504)
    (tmp_path / "cu.xlsx").write_bytes(head + "Workbook".encode("utf-16-le"))
    refused(tmp_path / "cu.xlsx", "97-2003")
    (tmp_path / "mk.xlsx").write_bytes(head + "EncryptedPackage".encode("utf-16-le"))
    refused(tmp_path / "mk.xlsx", "mật khẩu")


def test_a_truncated_zip_is_damaged(tmp_path):
    p = package(tmp_path)
    p.write_bytes(p.read_bytes()[:-40])
    refused(p, "bị hỏng")


def test_a_dtd_anywhere_in_the_package_is_refused_with_the_part_named(tmp_path):
    p = package(tmp_path, **{"xl__worksheets__sheet1.xml": sheet(prolog=b'<!DOCTYPE x [<!ENTITY a "b">]>')})
    refused(p, "DTD", "xl/worksheets/sheet1.xml")
    p = package(tmp_path, "xxe.xlsx", **{"docProps__core.xml": b'<!DOCTYPE x SYSTEM "file:///etc/passwd"><x/>'})
    refused(p, "docProps/core.xml")


def test_a_sheet_over_the_row_limit_is_refused_by_its_dimension_naming_the_sheet(tmp_path, monkeypatch):
    monkeypatch.setattr(file_guard, "MAX_SHEET_ROWS", 100)
    guard_workbook(package(tmp_path, "nho.xlsx", **{"xl__worksheets__sheet1.xml": sheet(rows=100)}))
    refused(package(tmp_path, **{"xl__worksheets__sheet1.xml": sheet(rows=101)}), "Nông nghiệp", "101 dòng")


def test_a_zip_bomb_is_refused_by_its_declared_sizes(tmp_path, monkeypatch):
    monkeypatch.setattr(file_guard, "RATIO_FROM_BYTES", 1 << 20)
    spaces = b'<?xml version="1.0"?><worksheet>' + b" " * (4 << 20) + b"</worksheet>"  # 4 MiB -> about 4 kB
    refused(package(tmp_path, **{"xl__worksheets__sheet1.xml": spaces}), "xl/worksheets/sheet1.xml", "MB")
    monkeypatch.setattr(file_guard, "MAX_PARTS", 5)
    many = {f"xl__media__{i}.png": b"x" for i in range(6)}
    refused(package(tmp_path, "nhieu.xlsx", **many), "phần nén")


def test_an_encrypted_zip_member_is_refused(tmp_path):
    p = package(tmp_path)
    data = bytearray(p.read_bytes())
    # set the "encrypted" flag of every entry, in the local headers and the central directory
    for sig, at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        i = data.find(sig)
        while i >= 0:
            data[i + at] |= 0x1
            i = data.find(sig, i + 4)
    p.write_bytes(bytes(data))
    refused(p, "mật khẩu")


def test_rows_are_counted_when_the_dimension_is_missing_or_lies(tmp_path, monkeypatch):
    monkeypatch.setattr(file_guard, "MAX_SHEET_ROWS", 1000)
    monkeypatch.setattr(file_guard, "COUNT_ROWS_FROM_BYTES", 1000)
    rows = b"".join(b'<row r="%d"><c r="A%d"><v>1</v></c></row>' % (r, r) for r in range(1, 1002))
    lying = sheet(rows=10).replace(b"<sheetData/>", b"<sheetData>" + rows + b"</sheetData>")
    refused(package(tmp_path, **{"xl__worksheets__sheet1.xml": lying}), "Nông nghiệp", "1.001 dòng")
    fine = lying.replace(b'<row r="1001"><c r="A1001"><v>1</v></c></row>', b"")
    guard_workbook(package(tmp_path, "vua.xlsx", **{"xl__worksheets__sheet1.xml": fine}))


def test_a_dtd_hidden_behind_a_long_comment_is_refused(tmp_path):
    padded = sheet(prolog=b"<!--" + b"x" * (70 << 10) + b'--><!DOCTYPE x [<!ENTITY a "b">]>')
    refused(package(tmp_path, **{"xl__worksheets__sheet1.xml": padded}), "xl/worksheets/sheet1.xml", "chú thích")
    short = sheet(prolog="<!-- ghi chú ngắn --><?pi x?>".encode())
    guard_workbook(package(tmp_path, "ngan.xlsx", **{"xl__worksheets__sheet1.xml": short}))


@pytest.mark.parametrize("in_memory_bytes", [0, 16 << 20])
def test_large_files_are_checked_on_disk_and_small_ones_in_memory_alike(tmp_path, monkeypatch, in_memory_bytes):
    import os

    monkeypatch.setattr(file_guard, "IN_MEMORY_BYTES", in_memory_bytes)
    filler = os.urandom(100_000)  # past the first 64 KB, so the file is not read whole by its head
    p = package(tmp_path, **{"xl__media__image1.png": filler})
    data = guard_workbook(p)
    assert data == (p.read_bytes() if in_memory_bytes else None)
    bad = package(tmp_path, "dtd.xlsx", **{"xl__media__image1.png": filler,
                                           "xl__worksheets__sheet1.xml": sheet(prolog=b'<!DOCTYPE x>')})
    refused(bad, "DTD", "xl/worksheets/sheet1.xml")
    truncated = tmp_path / "cut.xlsx"
    truncated.write_bytes(p.read_bytes()[:-40])
    refused(truncated, "bị hỏng")


def test_a_file_smaller_than_the_head_is_returned_whole(tmp_path):
    p = package(tmp_path)
    assert guard_workbook(p) == p.read_bytes()
