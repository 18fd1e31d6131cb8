"""A Bluesky repository as a CAR file, built from the AT Protocol's repository structure: a
signed commit naming the DID, a Merkle search tree of `collection/record-key` entries, and
the records, every block DAG-CBOR addressed by its CID. (libipld decodes DAG-CBOR links but
cannot write them from Python values, so this small encoder writes the bytes.)"""

from __future__ import annotations

import hashlib
import struct
from dataclasses import dataclass
from typing import Any

DID = "did:plc:ana4bakes4bread4rye"
OTHER_DID = "did:plc:bo4mill4flour4water"


@dataclass(frozen=True)
class Link:
    cid: bytes


def cid_of(block: bytes) -> bytes:
    """A CIDv1 for DAG-CBOR (0x71) with a sha2-256 multihash."""
    return bytes([0x01, 0x71, 0x12, 0x20]) + hashlib.sha256(block).digest()


def _head(major: int, value: int) -> bytes:
    if value < 24:
        return bytes([major << 5 | value])
    for extra, size, fmt in ((24, 0xFF, ">B"), (25, 0xFFFF, ">H"), (26, 0xFFFFFFFF, ">I")):
        if value <= size:
            return bytes([major << 5 | extra]) + struct.pack(fmt, value)
    return bytes([major << 5 | 27]) + struct.pack(">Q", value)


def encode(value: Any) -> bytes:
    """DAG-CBOR: map keys ordered by length, then bytes; links as tag 42."""
    if value is None:
        return b"\xf6"
    if value is True or value is False:
        return b"\xf5" if value else b"\xf4"
    if isinstance(value, int):
        return _head(0, value) if value >= 0 else _head(1, -1 - value)
    if isinstance(value, str):
        raw = value.encode("utf-8")
        return _head(3, len(raw)) + raw
    if isinstance(value, bytes):
        return _head(2, len(value)) + value
    if isinstance(value, Link):
        return b"\xd8\x2a" + encode(b"\x00" + value.cid)
    if isinstance(value, list):
        return _head(4, len(value)) + b"".join(encode(item) for item in value)
    keys = sorted(value, key=lambda k: (len(k.encode()), k.encode()))
    return _head(5, len(keys)) + b"".join(encode(k) + encode(value[k]) for k in keys)


def _varint(value: int) -> bytes:
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        out.append(byte | (0x80 if value else 0))
        if not value:
            return bytes(out)


class Repo:
    """Records added by key; `car()` lays out the tree and the file."""

    def __init__(self, did: str = DID) -> None:
        self.did = did
        self.records: dict[str, dict[str, Any]] = {}
        self.blocks: dict[bytes, bytes] = {}

    def add(self, key: str, record: dict[str, Any]) -> str:
        self.records[key] = record
        return f"at://{self.did}/{key}"

    def _block(self, value: Any) -> Link:
        data = encode(value)
        cid = cid_of(data)
        self.blocks[cid] = data
        return Link(cid)

    def _node(self, keys: list[str], left: Link | None = None) -> Link:
        entries, before = [], b""
        for key in keys:
            raw = key.encode()
            pairs = enumerate(zip(raw, before, strict=False))
            shared = next((i for i, (a, b) in pairs if a != b), min(len(raw), len(before)))
            value = self._block(self.records[key])
            entries.append({"p": shared, "k": raw[shared:], "v": value, "t": None})
            before = raw
        return self._block({"l": left, "e": entries})

    def car(self, drop: str = "") -> bytes:
        """The repository: the first third of the keys in a left subtree, so the reader
        walks more than one node. `drop` leaves that record's block out."""
        keys = sorted(self.records)
        split = len(keys) // 3
        left = self._node(keys[:split]) if split else None
        root = self._node(keys[split:], left)
        commit = self._block(
            {
                "did": self.did,
                "version": 3,
                "data": root,
                "rev": "3laaaaaaaaaa2",
                "prev": None,
                "sig": b"\x01" * 64,
            }
        )
        if drop:
            del self.blocks[cid_of(encode(self.records[drop]))]
        header = encode({"version": 1, "roots": [commit]})
        out = [_varint(len(header)), header]
        for cid, data in self.blocks.items():
            out += [_varint(len(cid) + len(data)), cid, data]
        return b"".join(out)
