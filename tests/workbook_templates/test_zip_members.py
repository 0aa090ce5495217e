import zipfile

import pytest

from workbook_templates.zip_members import member_bytes, member_chunks


def _zip(path, members, method=zipfile.ZIP_DEFLATED):
    with zipfile.ZipFile(path, "w", method) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def test_a_member_never_inflates_to_more_than_the_zip_declares(tmp_path):
    path = _zip(tmp_path / "bom.xlsx", {"xl/worksheets/sheet1.xml": b'<c t="e">' + b" " * 5_000_000})
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo("xl/worksheets/sheet1.xml")
        assert member_bytes(zf, info).startswith(b'<c t="e">')
        assert len(member_bytes(zf, info)) == 5_000_009
        info.file_size = 100  # a part that lies about its size, as a zip bomb does
        assert len(member_bytes(zf, info)) == 100
        info.file_size = 0
        assert member_bytes(zf, info) == b""


@pytest.mark.parametrize("method", [zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED, zipfile.ZIP_LZMA])
def test_chunks_give_the_member_s_first_bytes_exactly_whatever_its_compression(tmp_path, method):
    import random

    rng = random.Random(7)
    data = bytes(rng.choice(b"<row r=\"1\"><c>abc</c></row>\n") for _ in range(300_000))
    path = _zip(tmp_path / "a.xlsx", {"x.xml": data}, method)
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo("x.xml")
        for limit in (1, 1000, 65_536, 10**9):
            chunks = list(member_chunks(zf, info, limit))
            assert b"".join(chunks) == data[:limit]
            assert all(chunks)
        assert member_bytes(zf, info) == data


def test_the_first_chunk_is_small_so_a_short_prolog_costs_little(tmp_path):
    import os

    data = b'<?xml version="1.0"?><worksheet><dimension ref="A1:C3"/>' + os.urandom(1_000_000).hex().encode()
    path = _zip(tmp_path / "a.xlsx", {"s.xml": data})
    with zipfile.ZipFile(path) as zf:
        first = next(member_chunks(zf, zf.getinfo("s.xml"), 1 << 30))
    assert first.startswith(data[:60]) and len(first) < 4096


def test_a_damaged_member_is_a_bad_zip_not_a_zlib_error(tmp_path):
    path = _zip(tmp_path / "a.xlsx", {"s.xml": b"<worksheet>" + b"x" * 50_000 + b"</worksheet>"})
    raw = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo("s.xml")
        start = info.header_offset + 30 + len(info.filename)
    raw[start:start + 8] = b"\xff" * 8  # an invalid deflate block type
    path.write_bytes(bytes(raw))
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo("s.xml")
        with pytest.raises(zipfile.BadZipFile):
            member_bytes(zf, info)
        with pytest.raises(zipfile.BadZipFile):
            list(member_chunks(zf, info, 1 << 20))
