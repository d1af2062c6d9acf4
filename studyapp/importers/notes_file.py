"""Reading a notes file safely: size limit before reading, then empty/binary/UTF-8 checks.

Every refusal is a NotesFormatError whose message is one line naming the file and the problem.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from studyapp.domain.notes import NotesFormatError

_BINARY_SAMPLE = 8192
_MAX_CONTROL_SHARE = 0.05  # real text has almost no control characters besides \t \n \r \f
_TEXT_CONTROLS = frozenset(b"\t\n\r\f\v\x1b")


def read_text_checked(path: Path, max_bytes: int) -> str:
    """The file's text (BOM removed, not yet normalised), or NotesFormatError."""
    data = _read_limited(path, max_bytes)
    if not data.strip():
        raise NotesFormatError(one_line(f"{path}: the file is empty"))
    _refuse_binary(path, data)
    text = _decode(path, data)
    if not text.strip():
        raise NotesFormatError(one_line(f"{path}: the file holds only whitespace"))
    return text


def one_line(message: str) -> str:
    """Error messages stay on one line, whatever a file name or decoder reason holds."""
    return " ".join(message.splitlines())


def _read_limited(path: Path, max_bytes: int) -> bytes:
    # stat first so a huge file is refused without reading it; read at most limit + 1 bytes in
    # case the file grew after the stat.
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise NotesFormatError(_too_large(path, size, max_bytes))
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as error:
        raise NotesFormatError(
            one_line(f"{path}: cannot read the file ({error.strerror})")
        ) from error
    if len(data) > max_bytes:
        raise NotesFormatError(_too_large(path, len(data), max_bytes))
    return data


def _too_large(path: Path, size: int, max_bytes: int) -> str:
    limit_mib = max_bytes / (1024 * 1024)
    return one_line(
        f"{path}: the file is {size / (1024 * 1024):.1f} MiB, over the {limit_mib:g} MiB "
        f"({max_bytes} bytes) limit for notes"
    )


def _refuse_binary(path: Path, data: bytes) -> None:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise NotesFormatError(one_line(f"{path}: the file is UTF-16 text; save it as UTF-8"))
    if b"\x00" in data:
        raise NotesFormatError(
            one_line(f"{path}: this is a binary file (it contains NUL bytes), not Markdown text")
        )
    sample = data[:_BINARY_SAMPLE]
    controls = sum(
        1 for byte in sample if (byte < 0x20 or byte == 0x7F) and byte not in _TEXT_CONTROLS
    )
    if controls > len(sample) * _MAX_CONTROL_SHARE:
        raise NotesFormatError(
            one_line(f"{path}: this looks like a binary file (mostly control bytes), not text")
        )


def _decode(path: Path, data: bytes) -> str:
    offset = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    try:
        return data[offset:].decode("utf-8")
    except UnicodeDecodeError as error:
        at = offset + error.start
        line = data.count(b"\n", 0, at) + 1
        column = at - (data.rfind(b"\n", 0, at) + 1) + 1
        raise NotesFormatError(
            one_line(
                f"{path}: not valid UTF-8 at byte {at} (line {line}, column {column}): "
                f"{error.reason}; save the notes as UTF-8"
            )
        ) from None
