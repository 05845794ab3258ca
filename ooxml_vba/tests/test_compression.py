"""MS-OVBA 2.4.1 compression: spec examples, real Excel streams, round trips."""

from __future__ import annotations

import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ooxml_vba.compression import CHUNK_SIZE, compress, decompress
from ooxml_vba.errors import DecompressionError
from ooxml_vba.tests.conftest import excel_vba_project

# [MS-OVBA] 3.2.1 "No Compression Example" and 3.2.2 "Normal Compression Example".
SPEC_EXAMPLES = [
    (b"abcdefghijklmnopqrstuv.",
     "01 19 B0 00 61 62 63 64 65 66 67 68 00 69 6A 6B 6C 6D 6E 6F 70 00 71 72 73 74 75 76 2E"),
    (b"#aaabcdefaaaaghijaaaaaklaaamnopqaaaaaaaaaaaarstuvwxyzaaa",
     "01 2F B0 00 23 61 61 61 62 63 64 65 82 66 00 70 61 67 68 69 6A 01 38 08 61 6B 6C 00 20 "
     "6D 6E 6F 70 06 71 02 70 04 00 72 73 74 75 76 10 77 78 79 7A 00 2C"),
]


def _chunks(container: bytes) -> list[tuple[int, bool]]:
    """(chunk size incl. header, compressed flag) of every chunk."""
    out, pos = [], 1
    while pos < len(container):
        header = int.from_bytes(container[pos:pos + 2], "little")
        size = (header & 0xFFF) + 3
        out.append((size, bool(header & 0x8000)))
        pos += size if header & 0x8000 else 2 + CHUNK_SIZE
    return out


@pytest.mark.parametrize(("plain", "hex_container"), SPEC_EXAMPLES)
def test_spec_examples_compress_byte_exact(plain: bytes, hex_container: str) -> None:
    assert compress(plain) == bytes.fromhex(hex_container)


@pytest.mark.parametrize(("plain", "hex_container"), SPEC_EXAMPLES)
def test_spec_examples_decompress(plain: bytes, hex_container: str) -> None:
    assert decompress(bytes.fromhex(hex_container)) == plain


def test_run_of_one_byte_is_one_copy_token() -> None:
    # one literal then a single overlapping CopyToken (offset 1, length 14)
    assert compress(b"a" * 15) == bytes.fromhex("01 03 B0 02 61 0B 00")
    assert decompress(compress(b"a" * 15)) == b"a" * 15


def test_empty_input_is_just_the_signature() -> None:
    assert compress(b"") == b"\x01"
    assert decompress(b"\x01") == b""


def test_decompresses_excels_own_multichunk_streams() -> None:
    """The xlwings template's module streams were compressed by Excel itself."""
    olefile = pytest.importorskip("olefile")
    olevba = pytest.importorskip("oletools.olevba")
    ole = olefile.OleFileIO(io.BytesIO(excel_vba_project()))
    raw = ole.openstream("VBA/xlwings").read()  # MODULEOFFSET 0 in that project
    ours = decompress(raw)
    assert len(ours) > 10 * CHUNK_SIZE
    assert ours == bytes(olevba.decompress_stream(bytearray(raw)))
    assert decompress(compress(ours)) == ours
    dir_raw = ole.openstream("VBA/dir").read()
    assert decompress(dir_raw) == bytes(olevba.decompress_stream(bytearray(dir_raw)))


def test_vba_like_text_shrinks_and_every_chunk_fits() -> None:
    text = ("Public Sub Beregn(control As IRibbonControl)\r\n"
            "    RunPython \"import app.ribbon as r; r.beregn()\"\r\nEnd Sub\r\n") * 200
    data = text.encode("cp1252")
    container = compress(data)
    assert len(container) < len(data) // 4
    chunks = _chunks(container)
    assert len(chunks) == -(-len(data) // CHUNK_SIZE)
    assert all(size <= 4098 and flag for size, flag in chunks)
    assert decompress(container) == data


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet="ab \r\nSubEnd()\"'.ÆØÅæøå", max_size=3 * CHUNK_SIZE + 17))
def test_round_trip_text(text: str) -> None:
    data = text.encode("cp1252")
    assert decompress(compress(data)) == data


@settings(max_examples=40, deadline=None)
@given(st.binary(min_size=1, max_size=300), st.integers(min_value=1, max_value=3000),
       st.binary(max_size=200))
def test_round_trip_multichunk_repetitive(block: bytes, extra: int, tail: bytes) -> None:
    data = (block * (CHUNK_SIZE // len(block) + 1))[: CHUNK_SIZE + extra] + tail
    container = compress(data)
    assert len(_chunks(container)) == -(-len(data) // CHUNK_SIZE)
    assert decompress(container) == data


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=2 * CHUNK_SIZE + 100))
def test_round_trip_arbitrary_bytes(data: bytes) -> None:
    """Incompressible chunks are stored raw; per 2.4.1.3.10 a short final raw chunk
    is zero padded, so only trailing zeros may be added."""
    out = decompress(compress(data))
    assert out[: len(data)] == data
    assert set(out[len(data):]) <= {0}
    if len(data) % CHUNK_SIZE == 0 or len(data) % CHUNK_SIZE <= 3640:
        assert out == data  # a chunk of <= 3640 bytes always fits compressed


def test_incompressible_full_chunk_is_stored_raw() -> None:
    import random

    data = random.Random(7).randbytes(CHUNK_SIZE)
    container = compress(data)
    assert _chunks(container) == [(4098, False)]
    assert decompress(container) == data


@pytest.mark.parametrize("bad", [b"", b"\x02\x00", b"\x01\x00\x00", b"\x01\x03\xb0\x01\x05\x00"])
def test_malformed_containers_raise(bad: bytes) -> None:
    with pytest.raises(DecompressionError):
        decompress(bad)
