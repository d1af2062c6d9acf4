"""The sandbox's wire format, shared by the parent and the child (NumPy and the standard
library only: the child imports this file as a top-level module).

A message is a JSON header and a blob of array bytes, each prefixed by its length. Values are
encoded recursively: arrays go into the blob as raw C-order bytes with their dtype and shape in
the header (as an .npy file stores them; never pickled, and about ten times faster than an
in-memory .npz for the small arrays of a check), tuples, lists, dicts with string keys,
numbers, strings, None and NaN/infinity keep their type, and anything else (a learner's cache
object) stays in the child as a handle the parent can pass back.
"""

from __future__ import annotations

import json
import math
import struct
from collections.abc import Callable
from typing import Any, BinaryIO

import numpy as np

_LENGTH = struct.Struct("!Q")
MAX_HEADER = 64 << 20
MAX_BLOB = 4 << 30


class Handle:
    """An object that stays in the child (a layer's cache)."""

    __slots__ = ("__weakref__", "id")  # the parent watches when a handle is dropped

    def __init__(self, handle_id: int) -> None:
        self.id = handle_id

    def __repr__(self) -> str:
        return f"<cache #{self.id}>"


class WireError(Exception):
    """A message that cannot be sent or read (truncated, oversized, malformed)."""


class Encoder:
    """Turns a value into (JSON-ready structure, arrays)."""

    def __init__(self, keep: Callable[[Any], int] | None = None) -> None:
        self.arrays: dict[str, np.ndarray] = {}
        self._keep = keep  # child side: store an opaque object, return its handle id

    def encode(self, value: Any) -> Any:
        if value is None or isinstance(value, bool | str):
            return value
        if isinstance(value, int | np.integer) and not isinstance(value, np.bool_):
            return int(value)
        if isinstance(value, float | np.floating):
            number = float(value)
            return number if math.isfinite(number) else {"__float__": repr(number)}
        if isinstance(value, np.bool_):
            return bool(value)
        if isinstance(value, np.ndarray):
            if value.dtype.hasobject or value.dtype.names is not None:
                return self._opaque(value)
            key = f"a{len(self.arrays)}"
            self.arrays[key] = value
            return {"__nd__": key}
        if isinstance(value, Handle):
            return {"__handle__": value.id}
        if isinstance(value, tuple):
            return {"__tuple__": [self.encode(v) for v in value]}
        if isinstance(value, list):
            return [self.encode(v) for v in value]
        if isinstance(value, dict) and all(isinstance(k, str) for k in value):
            return {"__dict__": {k: self.encode(v) for k, v in value.items()}}
        return self._opaque(value)

    def _opaque(self, value: Any) -> Any:
        if self._keep is None:
            raise WireError(f"cannot send a {type(value).__name__} to the sandbox")
        return {"__handle__": self._keep(value)}


def decode(data: Any, arrays: dict[str, np.ndarray], resolve: Callable[[int], Any]) -> Any:
    if isinstance(data, list):
        return [decode(v, arrays, resolve) for v in data]
    if not isinstance(data, dict):
        return data
    if "__nd__" in data:
        return arrays[data["__nd__"]]
    if "__float__" in data:
        return float(data["__float__"])
    if "__handle__" in data:
        return resolve(data["__handle__"])
    if "__tuple__" in data:
        return tuple(decode(v, arrays, resolve) for v in data["__tuple__"])
    return {k: decode(v, arrays, resolve) for k, v in data["__dict__"].items()}


def send(stream: BinaryIO, header: dict[str, Any], arrays: dict[str, np.ndarray]) -> None:
    table, parts, offset = [], [], 0
    for key, array in arrays.items():
        data = np.ascontiguousarray(array).tobytes()
        table.append([key, array.dtype.str, list(array.shape), offset, len(data)])
        parts.append(data)
        offset += len(data)
    text = json.dumps({**header, "__arrays__": table}, allow_nan=False).encode("utf-8")
    stream.write(_LENGTH.pack(len(text)) + text + _LENGTH.pack(offset))
    for part in parts:
        stream.write(part)
    stream.flush()


def _read_exactly(stream: BinaryIO, size: int) -> bytes:
    chunks, left = [], size
    while left:
        chunk = stream.read(left)
        if not chunk:
            raise WireError("the other side closed the connection")
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def frame_size(buffer: bytes | bytearray) -> int | None:
    """The whole message's size in bytes once `buffer` (its start) says it, else None; lets
    a reader wait for a complete frame without re-parsing a growing buffer."""
    if len(buffer) < _LENGTH.size:
        return None
    (header,) = _LENGTH.unpack_from(buffer, 0)
    if header > MAX_HEADER:
        raise WireError(f"message header of {header} bytes refused")
    at = _LENGTH.size + header
    if len(buffer) < at + _LENGTH.size:
        return None
    (blob,) = _LENGTH.unpack_from(buffer, at)
    if blob > MAX_BLOB:
        raise WireError(f"message of {blob} bytes refused")
    return int(at + _LENGTH.size + blob)


def receive(stream: BinaryIO) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
    (size,) = _LENGTH.unpack(_read_exactly(stream, _LENGTH.size))
    if size > MAX_HEADER:
        raise WireError(f"message header of {size} bytes refused")
    header = json.loads(_read_exactly(stream, size))
    (size,) = _LENGTH.unpack(_read_exactly(stream, _LENGTH.size))
    if size > MAX_BLOB:
        raise WireError(f"message of {size} bytes refused")
    blob = _read_exactly(stream, size)
    arrays = {}
    for key, dtype, shape, offset, nbytes in header.pop("__arrays__"):
        kind = np.dtype(dtype)
        if kind.hasobject:
            raise WireError("object arrays are never sent")
        flat = np.frombuffer(blob, dtype=kind, count=nbytes // max(kind.itemsize, 1), offset=offset)
        arrays[key] = flat.reshape(shape).copy()  # writable, and independent of the blob
    return header, arrays
