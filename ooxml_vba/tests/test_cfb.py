"""MS-CFB writer: readable by olefile, valid red-black directory, deterministic."""

from __future__ import annotations

import io
import itertools
import struct

import pytest

from ooxml_vba.cfb import MINI_CUTOFF, NOSTREAM, SECTOR, build_compound_file

olefile = pytest.importorskip("olefile")


def _streams() -> dict[str, bytes]:
    streams = {
        "PROJECT": b"ID=...\r\n" * 20,
        "PROJECTwm": b"\x00\x00",
        "VBA/_VBA_PROJECT": bytes.fromhex("CC61FFFF000100"),
        "VBA/dir": bytes(range(256)) * 20,  # >= 4096: regular sectors
        "VBA/Empty": b"",
        "VBA/Exactly4096": b"x" * MINI_CUTOFF,
        "VBA/Just_below": b"y" * (MINI_CUTOFF - 1),
    }
    for i in range(23):  # enough siblings for a multi-level tree and >1 directory sector
        streams[f"VBA/Module{i}"] = bytes([i]) * (i * 397 + 1)
    return streams


def test_olefile_reads_every_stream_back() -> None:
    streams = _streams()
    data = build_compound_file(streams)
    assert len(data) % SECTOR == 0
    ole = olefile.OleFileIO(io.BytesIO(data))
    listed = {"/".join(p) for p in ole.listdir()}
    assert listed == set(streams)
    for name, content in streams.items():
        assert ole.openstream(name).read() == content
    assert ole.dll_version == 3 and ole.minor_version == 0x3E


def test_small_streams_live_in_the_mini_stream() -> None:
    ole = olefile.OleFileIO(io.BytesIO(build_compound_file(_streams())))
    by_name = {e.name: e for e in ole.direntries if e is not None}
    assert by_name["Just_below"].is_minifat
    assert not by_name["Exactly4096"].is_minifat
    assert not by_name["dir"].is_minifat


def _compare(a: str, b: str) -> int:
    ka = (len(a.encode("utf-16-le")), a.upper())
    kb = (len(b.encode("utf-16-le")), b.upper())
    return (ka > kb) - (ka < kb)


def _check_tree(entries: list, sid: int) -> tuple[int, list[str]]:
    """Return (black height, in-order names) and assert red-black rules."""
    if sid == NOSTREAM:
        return 1, []
    node = entries[sid]
    for child in (node.sid_left, node.sid_right):
        if node.color == 0 and child != NOSTREAM:
            assert entries[child].color == 1, "red node with a red child"
    hl, left = _check_tree(entries, node.sid_left)
    hr, right = _check_tree(entries, node.sid_right)
    assert hl == hr, "unequal black heights"
    return hl + (node.color == 1), left + [node.name] + right


def test_directory_is_a_sorted_red_black_tree_per_storage() -> None:
    ole = olefile.OleFileIO(io.BytesIO(build_compound_file(_streams())))
    entries = ole.direntries
    for storage in (e for e in entries if e is not None and e.entry_type in (1, 5)):
        root = entries[storage.sid_child]
        assert root.color == 1, "tree root must be black"
        _, names = _check_tree(entries, storage.sid_child)
        assert all(_compare(a, b) < 0 for a, b in itertools.pairwise(names))


def test_deterministic_and_timestamp_free() -> None:
    a = build_compound_file(_streams())
    assert a == build_compound_file(dict(reversed(list(_streams().items()))))
    ole = olefile.OleFileIO(io.BytesIO(a))
    for e in ole.direntries:
        if e is not None:
            assert e.createTime == 0 and e.modifyTime == 0 and e.clsid in ("", None)
    assert struct.unpack_from("<8s", a)[0] == bytes.fromhex("D0CF11E0A1B11AE1")


@pytest.mark.parametrize("bad", ["", "x" * 32, "a/b:c", "A!"])
def test_invalid_names_rejected(bad: str) -> None:
    with pytest.raises(ValueError):
        build_compound_file({bad or "VBA/": b"1"})


def test_stream_and_storage_name_clash_rejected() -> None:
    with pytest.raises(ValueError):
        build_compound_file({"VBA": b"1", "VBA/dir": b"2"})
