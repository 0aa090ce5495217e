"""Inflating one member of a workbook's zip package without zipfile's per-member machinery.

zipfile.ZipFile.open builds a ZipExtFile (header checks, chunked reads, a running CRC) for every
part: about 20 µs a part, most of the file guard's time on a 30-part workbook. The guard and the
reader's error-cell scan only look at the bytes, and calamine reads and checks every part it uses,
so here a deflated part is inflated straight from the file. Anything unusual (stored, bzip2, lzma,
an encrypted part, a local header that does not match) falls back to zipfile, which checks it.
A damaged part raises zipfile.BadZipFile (zlib.error from the zipfile fallback), as zipfile would.
"""
from __future__ import annotations

import struct
import zipfile
import zlib
from collections.abc import Iterator

try:  # zlib-ng inflates in about 60 % of zlib's time
    from zlib_ng.zlib_ng import decompressobj as _inflater, error as _inflate_error
except ImportError:  # pragma: no cover - the same bytes, a little slower
    from zlib import decompressobj as _inflater, error as _inflate_error
_INFLATE_ERRORS = (zlib.error, _inflate_error)

_LOCAL_HEADER = b"PK\x03\x04"
_FIRST_COMPRESSED = 256  # bytes fed to the inflater first; doubled each time more text is wanted


def _plain_deflate(info: zipfile.ZipInfo) -> bool:
    return info.compress_type == zipfile.ZIP_DEFLATED and not info.flag_bits & 0x1


def _data_offset(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> int | None:
    """Where the member's compressed bytes start, from its local header (None: not a local header)."""
    fp = zf.fp
    fp.seek(info.header_offset)
    header = fp.read(30)
    if len(header) < 30 or header[:4] != _LOCAL_HEADER:
        return None
    name_len, extra_len = struct.unpack("<HH", header[26:30])
    return info.header_offset + 30 + name_len + extra_len


def member_bytes(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """The whole member, never more than the size the zip declares (and the file guard accepted):
    a part that inflates further is a bomb, and its first bytes are all anyone here needs."""
    if not _plain_deflate(info):
        return zf.read(info)
    start = _data_offset(zf, info)
    if start is None:
        return zf.read(info)
    if info.file_size == 0:
        return b""  # (a limit of 0 would mean none)
    zf.fp.seek(start)
    try:
        return _inflater(-15).decompress(zf.fp.read(info.compress_size), info.file_size)
    except _INFLATE_ERRORS as exc:
        raise zipfile.BadZipFile(f"{info.filename}: {exc}") from None


def member_chunks(zf: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> Iterator[bytes]:
    """The member's first `limit` bytes, inflated a little at a time (about 5, 10, 20 … KB of text),
    for a caller that usually stops after the first chunk."""
    start = _data_offset(zf, info) if _plain_deflate(info) else None
    if start is None:
        yield from _zipfile_chunks(zf, info, limit)
        return
    inflater, left, given, step = _inflater(-15), info.compress_size, 0, _FIRST_COMPRESSED
    pending = b""
    fp = zf.fp
    while given < limit:
        if not pending:
            if left <= 0:
                return
            fp.seek(start + info.compress_size - left)
            pending = fp.read(min(step, left))
            if not pending:
                return
            left -= len(pending)
            step *= 2
        try:
            chunk = inflater.decompress(pending, limit - given)
        except _INFLATE_ERRORS as exc:
            raise zipfile.BadZipFile(f"{info.filename}: {exc}") from None
        pending = inflater.unconsumed_tail
        if chunk:
            given += len(chunk)
            yield chunk
        elif inflater.eof:
            return


def _zipfile_chunks(zf: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> Iterator[bytes]:
    given, step = 0, 4096
    with zf.open(info) as fh:
        while given < limit:
            chunk = fh.read(min(step, limit - given))
            if not chunk:
                return
            given += len(chunk)
            step *= 2
            yield chunk
