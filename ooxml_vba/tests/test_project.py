"""Source-only VBA project: streams, dir records, PROJECT text, readers' view."""

from __future__ import annotations

import io
import struct

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ooxml_vba import VbaModule, build_vba_project, decompress, decrypt_data, encrypt_data, standard_module
from ooxml_vba.project import DEFAULT_PROJECT_ID
from ooxml_vba.tests.conftest import excel_vba_project, sample_modules

olefile = pytest.importorskip("olefile")

CODENAMES = ["Sheet1", "shInput", "Sheet3"]


@pytest.fixture(scope="module")
def modules() -> list[VbaModule]:
    return sample_modules(CODENAMES)


@pytest.fixture(scope="module")
def project(modules: list[VbaModule]) -> bytes:
    return build_vba_project(modules)


def _records(dir_stream: bytes) -> list[tuple[int, bytes]]:
    out, pos = [], 0
    while pos < len(dir_stream):
        rid, size = struct.unpack_from("<HI", dir_stream, pos)
        if rid == 0x0009:  # PROJECTVERSION: Reserved(4) is not a size
            size = 6
        out.append((rid, dir_stream[pos + 6:pos + 6 + size]))
        pos += 6 + size
    return out


def test_streams_listed_by_olefile(project: bytes, modules: list[VbaModule]) -> None:
    ole = olefile.OleFileIO(io.BytesIO(project))
    names = {"/".join(p) for p in ole.listdir()}
    expected = {"PROJECT", "PROJECTwm", "VBA/_VBA_PROJECT", "VBA/dir"}
    assert names == expected | {f"VBA/{m.name}" for m in modules}
    vba_project = ole.openstream("VBA/_VBA_PROJECT").read()
    assert vba_project[:2] == b"\xcc\x61" and vba_project[2:4] == b"\xff\xff"
    assert len(vba_project) == 7  # no PerformanceCache


def test_olevba_lists_every_module_with_full_source(project: bytes,
                                                    modules: list[VbaModule]) -> None:
    olevba = pytest.importorskip("oletools.olevba")
    parser = olevba.VBA_Parser("vbaProject.bin", data=project)
    found = {stream.split("/")[-1]: code for _, stream, _, code in parser.extract_macros()}
    assert set(found) == {m.name for m in modules}
    for m in modules:
        assert found[m.name] == m.normalized_source(), m.name
    assert {"Knapper", "xlwings", "Dictionary", "ThisWorkbook", "shInput"} <= set(found)
    assert "Sub Knap(control As IRibbonControl)" in found["Knapper"]


def test_dir_stream_records(project: bytes, modules: list[VbaModule]) -> None:
    ole = olefile.OleFileIO(io.BytesIO(project))
    records = _records(decompress(ole.openstream("VBA/dir").read()))
    by_id: dict[int, list[bytes]] = {}
    for rid, body in records:
        by_id.setdefault(rid, []).append(body)
    assert by_id[0x0001] == [struct.pack("<I", 3)]  # SysKind
    assert by_id[0x0003] == [struct.pack("<H", 1252)]  # code page
    assert by_id[0x0002] == [struct.pack("<I", 0x409)]
    assert by_id[0x0004] == [b"VBAProject"]
    assert by_id[0x0016] == [b"stdole", b"Office"]
    libids = [body[4:4 + struct.unpack_from("<I", body)[0]] for body in by_id[0x000D]]
    assert b"{00020430-0000-0000-C000-000000000046}" in libids[0]
    assert b"{2DF8D04C-5BFA-101B-BDE5-00AA0044DE52}" in libids[1]  # Office: IRibbonControl
    assert by_id[0x000F] == [struct.pack("<H", len(modules))]
    assert by_id[0x0019] == [m.name.encode() for m in modules]
    assert by_id[0x0031] == [b"\x00\x00\x00\x00"] * len(modules)  # MODULEOFFSET 0
    kinds = [rid for rid, _ in records if rid in (0x0021, 0x0022)]
    assert kinds == [0x0021 if m.kind == "standard" else 0x0022 for m in modules]
    assert records[-1][0] == 0x0010
    for m in modules:  # the source starts at offset 0 of its stream
        assert decompress(ole.openstream(f"VBA/{m.name}").read()) == m.encoded_source()


def test_project_stream_text(project: bytes, modules: list[VbaModule]) -> None:
    ole = olefile.OleFileIO(io.BytesIO(project))
    text = ole.openstream("PROJECT").read().decode("cp1252")
    lines = text.split("\r\n")
    assert lines[0] == f'ID="{DEFAULT_PROJECT_ID}"'
    assert "Document=ThisWorkbook/&H00000000" in lines
    assert "Document=shInput/&H00000000" in lines
    assert "Module=Knapper" in lines and "Module=xlwings" in lines
    assert "Class=Dictionary" in lines
    props = dict(line.split("=", 1) for line in lines if line[:3] in ("CMG", "DPB", "GC="))
    assert decrypt_data(bytes.fromhex(props["CMG"].strip('"'))) == bytes(4)
    assert decrypt_data(bytes.fromhex(props["DPB"].strip('"'))) == b"\x00"
    assert decrypt_data(bytes.fromhex(props["GC"].strip('"'))) == b"\xff"
    workspace = lines[lines.index("[Workspace]") + 1:]
    assert [w.split("=")[0] for w in workspace if w] == [m.name for m in modules]
    wm = ole.openstream("PROJECTwm").read()
    assert wm.endswith(b"\x00\x00") and b"Knapper\x00K\x00n\x00a\x00p\x00p\x00e\x00r\x00" in wm


def test_decrypts_the_real_templates_protection_fields() -> None:
    """Our 2.4.3.3 decryption reads what Excel wrote in the xlwings template."""
    ole = olefile.OleFileIO(io.BytesIO(excel_vba_project()))
    text = ole.openstream("PROJECT").read().decode("cp1252")
    props = dict(line.split("=", 1) for line in text.split("\r\n") if "=" in line)
    assert decrypt_data(bytes.fromhex(props["CMG"].strip('"'))) == bytes(4)
    assert decrypt_data(bytes.fromhex(props["DPB"].strip('"'))) == b"\x00"
    assert decrypt_data(bytes.fromhex(props["GC"].strip('"'))) == b"\xff"


@given(st.binary(max_size=64), st.integers(min_value=0, max_value=255))
def test_encryption_round_trip(data: bytes, seed: int) -> None:
    blob = encrypt_data(data, DEFAULT_PROJECT_ID, seed)
    assert decrypt_data(blob) == data
    assert blob[1] == seed ^ 2  # VersionEnc: Version MUST be 2


def test_two_builds_are_byte_identical(modules: list[VbaModule], project: bytes) -> None:
    assert build_vba_project(list(modules)) == project


def test_line_endings_normalised_to_crlf() -> None:
    m = standard_module("Lf", "Sub A()\nEnd Sub")
    assert m.normalized_source() == 'Attribute VB_Name = "Lf"\r\nSub A()\r\nEnd Sub\r\n'
    assert VbaModule("Lf", "standard", m.source.replace("\r\n", "\n")).encoded_source() == \
        m.encoded_source()


@pytest.mark.parametrize("bad", [
    [VbaModule("1bad", "standard", 'Attribute VB_Name = "1bad"')],
    [standard_module("Twice", ""), standard_module("TWICE", "")],
    [VbaModule("Named", "standard", 'Attribute VB_Name = "Other"\r\n')],
    [VbaModule("NoAttr", "standard", "Sub A()\r\nEnd Sub")],
    [standard_module("Greek", "' \u03b1")],
    [VbaModule("Kind", "form", 'Attribute VB_Name = "Kind"')],  # type: ignore[arg-type]
])
def test_invalid_modules_rejected(bad: list[VbaModule]) -> None:
    with pytest.raises(ValueError):
        build_vba_project(bad)
