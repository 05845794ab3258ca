"""A deterministic writer for Compound File Binary containers ([MS-CFB]).

``vbaProject.bin`` is an MS-CFB file. This writer produces version 3 files
(512-byte sectors, [MS-CFB] 2.2 header with minor version 0x003E), a FAT
(2.3), a mini FAT and mini stream for streams shorter than the 4096-byte
cutoff (2.4, 2.5), and 128-byte directory entries (2.6). Sibling entries form
a red-black tree ordered by the CFB name comparison (2.6.4: shorter names
first, then an upper-case code point comparison); we build a balanced tree
and colour the incomplete bottom level red, which satisfies 2.6.4's rules.

Determinism: CLSIDs, state bits and timestamps are all zero, storages and
streams are laid out in a fixed order, and unused space is zero (free FAT
entries are FREESECT), so the same input always gives the same bytes.
Only files with at most 109 FAT sectors (about 7 MB) are supported, which
keeps the DIFAT inside the header (2.2: ``DIFAT[109]``).
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field

from .errors import InvalidInput

SECTOR = 512
MINI_SECTOR = 64
MINI_CUTOFF = 4096
MAXREGSECT = 0xFFFFFFFA
FATSECT = 0xFFFFFFFD
ENDOFCHAIN = 0xFFFFFFFE
FREESECT = 0xFFFFFFFF
NOSTREAM = 0xFFFFFFFF
_SIGNATURE = bytes.fromhex("D0CF11E0A1B11AE1")
_HEADER_DIFAT = 109


@dataclass
class _Entry:
    name: str
    kind: int  # 1 storage, 2 stream, 5 root
    data: bytes = b""
    children: list[_Entry] = field(default_factory=list)
    sid: int = 0
    left: int = NOSTREAM
    right: int = NOSTREAM
    child: int = NOSTREAM
    red: bool = False
    start: int = ENDOFCHAIN
    size: int = 0


def _sort_key(name: str) -> tuple[int, str]:
    """[MS-CFB] 2.6.4 order: by UTF-16 length, then by upper-cased characters."""
    return (len(name.encode("utf-16-le")), name.upper())


def _check_name(name: str) -> None:
    if not name or len(name) > 31 or any(c in name for c in "/\\:!"):
        raise InvalidInput(f"invalid compound file entry name {name!r} ([MS-CFB] 2.6.1)")


def _link_tree(entries: list[_Entry], depth: int, bottom: int) -> int:
    """Link ``entries`` (sorted) into a balanced tree; return the root's SID.

    Nodes at depth ``bottom`` are coloured red when ``bottom > 0``: every path
    from the root to a leaf then passes the same number of black nodes and no
    red node has a red child (red-black rules of [MS-CFB] 2.6.4).
    """
    if not entries:
        return NOSTREAM
    mid = len(entries) // 2
    node = entries[mid]
    node.red = depth == bottom and bottom > 0
    node.left = _link_tree(entries[:mid], depth + 1, bottom)
    node.right = _link_tree(entries[mid + 1:], depth + 1, bottom)
    return node.sid


def _chain(fat: list[int], first: int, count: int) -> None:
    for i in range(count):
        fat[first + i] = first + i + 1 if i + 1 < count else ENDOFCHAIN


def _storage_tree(streams: dict[str, bytes]) -> _Entry:
    """The root storage with a storage per path part and a stream per path."""
    root = _Entry("Root Entry", 5)
    for path in sorted(streams):
        parts = path.split("/")
        node = root
        for part in parts[:-1]:
            _check_name(part)
            found = next((c for c in node.children if c.name == part), None)
            if found is None:
                found = _Entry(part, 1)
                node.children.append(found)
            elif found.kind != 1:
                raise InvalidInput(f"{path}: {part} is a stream, not a storage")
            node = found
        _check_name(parts[-1])
        if any(c.name.upper() == parts[-1].upper() for c in node.children):
            raise InvalidInput(f"duplicate entry name in {path}")
        node.children.append(_Entry(parts[-1], 2, data=bytes(streams[path])))
    return root


def _directory_order(root: _Entry) -> list[_Entry]:
    """Breadth first, siblings in CFB order, so the SIDs are stable; siblings linked as trees."""
    order: list[_Entry] = [root]
    for node in order:
        node.children.sort(key=lambda e: _sort_key(e.name))
        order.extend(node.children)
    for sid, node in enumerate(order):
        node.sid = sid
    for node in order:
        if node.children:
            node.child = _link_tree(node.children, 0, len(node.children).bit_length() - 1)
    return order


def _mini_stream(streams: list[_Entry]) -> tuple[bytes, list[int]]:
    """Small streams packed in 64-byte mini sectors: the mini stream and its FAT."""
    mini_stream = bytearray()
    mini_fat: list[int] = []
    for e in streams:
        e.size = len(e.data)
        if e.size == 0 or e.size >= MINI_CUTOFF:
            continue
        n = -(-e.size // MINI_SECTOR)
        e.start = len(mini_fat)
        mini_fat.extend([0] * n)
        _chain(mini_fat, e.start, n)
        mini_stream += e.data.ljust(n * MINI_SECTOR, b"\x00")
    return bytes(mini_stream), mini_fat


class _Sectors:
    """The file's regular 512-byte sectors and their FAT, filled in order."""

    def __init__(self) -> None:
        self.body = bytearray()
        self.fat: list[int] = []

    def place(self, data: bytes) -> int:
        """Append ``data`` in whole sectors, chained in the FAT; its first sector."""
        if not data:
            return ENDOFCHAIN
        n = -(-len(data) // SECTOR)
        first = len(self.fat)
        self.fat.extend([0] * n)
        _chain(self.fat, first, n)
        self.body.extend(bytes(data).ljust(n * SECTOR, b"\x00"))
        return first

    def close_fat(self) -> tuple[int, list[int]]:
        """Append the FAT's own sectors: their count and the header's DIFAT."""
        n_fat = 0
        while n_fat * (SECTOR // 4) < len(self.fat) + n_fat:
            n_fat += 1
        if n_fat > _HEADER_DIFAT:
            raise InvalidInput("compound file too large for a header-only DIFAT")
        fat_start = len(self.fat)
        self.fat.extend([FATSECT] * n_fat)
        self.fat.extend([FREESECT] * (n_fat * (SECTOR // 4) - len(self.fat)))
        return n_fat, list(range(fat_start, fat_start + n_fat)) + [FREESECT] * (_HEADER_DIFAT - n_fat)


def _mini_fat_bytes(mini_fat: list[int]) -> bytes:
    out = struct.pack(f"<{len(mini_fat)}I", *mini_fat)
    if mini_fat:
        pad = (-len(mini_fat)) % (SECTOR // 4)
        out += struct.pack(f"<{pad}I", *([FREESECT] * pad))
    return out


def build_compound_file(streams: dict[str, bytes]) -> bytes:
    """Build an MS-CFB v3 file holding ``streams``.

    Parameters
    ----------
    streams : dict[str, bytes]
        Stream paths relative to the root storage, ``"/"``-separated
        (``"VBA/dir"``); intermediate storages are created implicitly.

    Returns
    -------
    bytes
        The compound file; identical input gives identical bytes.
    """
    root = _storage_tree(streams)
    order = _directory_order(root)
    stream_entries = [e for e in order if e.kind == 2]
    mini_stream, mini_fat = _mini_stream(stream_entries)

    # Regular sectors: big streams, mini stream, mini FAT, directory, then FAT.
    sectors = _Sectors()
    for e in stream_entries:
        if e.size >= MINI_CUTOFF:
            e.start = sectors.place(e.data)
    root.start = sectors.place(mini_stream)
    root.size = len(mini_stream)
    mini_fat_bytes = _mini_fat_bytes(mini_fat)
    mini_fat_start = sectors.place(mini_fat_bytes)
    dir_start = sectors.place(_directory(order))
    n_fat, difat = sectors.close_fat()

    header = struct.pack(
        "<8s16sHHHHH6sIIIIIIIII",
        _SIGNATURE, b"\x00" * 16, 0x003E, 0x0003, 0xFFFE, 9, 6, b"\x00" * 6,
        0, n_fat, dir_start, 0, MINI_CUTOFF,
        mini_fat_start if mini_fat else ENDOFCHAIN, len(mini_fat_bytes) // SECTOR, ENDOFCHAIN, 0,
    ) + struct.pack(f"<{_HEADER_DIFAT}I", *difat)
    return header + bytes(sectors.body) + struct.pack(f"<{len(sectors.fat)}I", *sectors.fat)


def _directory(order: list[_Entry]) -> bytes:
    """Serialise directory entries ([MS-CFB] 2.6.1), padded with unused entries."""
    out = bytearray()
    for e in order:
        name = e.name.encode("utf-16-le") + b"\x00\x00"
        out += struct.pack(
            "<64sHBBIII16sIQQIQ",
            name, len(name), e.kind, 0 if e.red else 1, e.left, e.right, e.child,
            b"\x00" * 16, 0, 0, 0, e.start if e.kind != 1 else 0, e.size,
        )
    while len(out) % SECTOR:
        out += struct.pack("<64sHBBIII16sIQQIQ", b"", 0, 0, 0,
                           NOSTREAM, NOSTREAM, NOSTREAM, b"\x00" * 16, 0, 0, 0, 0, 0)
    return bytes(out)
