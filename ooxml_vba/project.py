"""Build a source-only VBA project (``vbaProject.bin``) as specified by [MS-OVBA].

The project storage (2.2.1) holds:

* ``VBA/_VBA_PROJECT`` (2.3.4.1) with Version 0xFFFF and no PerformanceCache, so
  Office ignores compiled state and compiles every module from source on open;
* ``VBA/dir`` (2.3.4.2), compressed (2.4.1): PROJECTINFORMATION (SysKind, LCID,
  code page 1252, name, ...), PROJECTREFERENCES (stdole and the Office library,
  as Excel writes them; the latter defines ``IRibbonControl``) and one MODULE
  record per module with MODULETYPE 0x0021 (procedural) or 0x0022 (document or
  class) and MODULEOFFSET 0;
* one stream per module (2.3.4.3) holding only the compressed source;
* ``PROJECT`` (2.3.1), the text properties with ``Document=``/``Module=``/
  ``Class=`` lines, the CMG/DPB/GC fields obfuscated per 2.4.3 and a
  ``[Workspace]`` section, and ``PROJECTwm`` (2.3.3), the module name map.

The compound file around it is written by :mod:`ooxml_vba.cfb`.
"""

from __future__ import annotations

import re
import struct
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from .cfb import build_compound_file
from .compression import compress
from .errors import InvalidInput

ModuleKind = Literal["standard", "class", "document"]

CODEPAGE = 1252
LCID = 0x0409
SYSKIND_WIN64 = 0x00000003  # what Excel 365 (and the xlwings template) writes
DEFAULT_PROJECT_ID = "{5A3D4C1E-0B57-4E2A-9C4D-50E0A5D3C0DE}"
# 2.3.4.1: Reserved1 0x61CC, Version 0xFFFF (no cache), Reserved2 0x00, Reserved3 as
# in the xlwings standalone template, which Excel opens.
VBA_PROJECT_STREAM = bytes.fromhex("CC61FFFF000100")
_HOST_EXTENDER = "&H00000001={3832D640-CF90-11CF-8E43-00A0C911005A};VBE;&H00000000"
_VERSION_COMPAT = "393222000"
_VISIBLE = bytes([0xFF])  # ProjectVisibilityState: the project is shown in the VBE
_ENCRYPTION_SEED = 0x8D  # fixed seed: the obfuscation is not secret, output is stable

REFERENCES: tuple[tuple[str, str], ...] = (
    ("stdole", r"*\G{00020430-0000-0000-C000-000000000046}#2.0#0#"
               r"C:\Windows\System32\stdole2.tlb#OLE Automation"),
    ("Office", r"*\G{2DF8D04C-5BFA-101B-BDE5-00AA0044DE52}#2.0#0#"
               r"C:\Program Files\Common Files\Microsoft Shared\OFFICE16\MSO.DLL"
               r"#Microsoft Office 16.0 Object Library"),
)

_IDENT = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,30}\Z")
_NAME_ATTR = re.compile(r'Attribute VB_Name = "([^"]*)"')


@dataclass(frozen=True)
class VbaModule:
    """One VBA module as Excel stores it.

    Parameters
    ----------
    name : str
        Module name (a VBA identifier, at most 31 characters); also the stream name.
    kind : {"standard", "class", "document"}
        ``standard`` is a ``.bas`` module; ``document`` is ``ThisWorkbook`` or a sheet's
        code module (its name is the sheet's codeName); ``class`` is a class module.
    source : str
        Full source with the ``Attribute VB_*`` lines first, exactly as Excel keeps
        it in the module stream. Line endings are normalised to CRLF when built.
    """

    name: str
    kind: ModuleKind
    source: str

    def normalized_source(self) -> str:
        """Source with CRLF line endings and a final line break."""
        text = self.source.replace("\r\n", "\n").replace("\r", "\n")
        if not text.endswith("\n"):
            text += "\n"
        return text.replace("\n", "\r\n")

    def encoded_source(self) -> bytes:
        """The CP1252 bytes stored (compressed) in the module stream."""
        try:
            return self.normalized_source().encode("cp1252")
        except UnicodeEncodeError as exc:
            raise InvalidInput(f"module {self.name}: source is not CP1252: {exc}") from None


def encrypt_data(data: bytes, project_id: str, seed: int = _ENCRYPTION_SEED) -> bytes:
    """Obfuscate ``data`` per [MS-OVBA] 2.4.3.2 (used for CMG, DPB and GC).

    ProjKey is the byte sum of the project ID string; the ignored bytes are zero so
    the output depends only on ``data``, ``project_id`` and ``seed``.
    """
    proj_key = sum(project_id.encode("ascii")) & 0xFF
    version_enc = seed ^ 2
    proj_key_enc = seed ^ proj_key
    out = bytearray([seed, version_enc, proj_key_enc])
    unenc1, enc1, enc2 = proj_key, proj_key_enc, version_enc
    payload = bytes((seed & 6) // 2) + struct.pack("<I", len(data)) + data
    for byte in payload:
        byte_enc = byte ^ ((enc2 + unenc1) & 0xFF)
        out.append(byte_enc)
        enc2, enc1, unenc1 = enc1, byte_enc, byte
    return bytes(out)


def decrypt_data(blob: bytes) -> bytes:
    """Inverse of :func:`encrypt_data` ([MS-OVBA] 2.4.3.3); returns the Data bytes."""
    seed, version_enc, proj_key_enc = blob[0], blob[1], blob[2]
    unenc1, enc1, enc2 = seed ^ proj_key_enc, proj_key_enc, version_enc
    plain = bytearray()
    for byte_enc in blob[3:]:
        byte = byte_enc ^ ((enc2 + unenc1) & 0xFF)
        plain.append(byte)
        enc2, enc1, unenc1 = enc1, byte_enc, byte
    ignored = (seed & 6) // 2
    length = struct.unpack_from("<I", plain, ignored)[0]
    return bytes(plain[ignored + 4:ignored + 4 + length])


def _rec(record_id: int, payload: bytes) -> bytes:
    return struct.pack("<HI", record_id, len(payload)) + payload


def _mbcs(text: str) -> bytes:
    return text.encode("cp1252")


def _utf16(text: str) -> bytes:
    return text.encode("utf-16-le")


def _dir_stream(project_name: str, modules: list[VbaModule]) -> bytes:
    """The decompressed ``dir`` stream ([MS-OVBA] 2.3.4.2)."""
    out = bytearray()
    out += _rec(0x0001, struct.pack("<I", SYSKIND_WIN64))
    out += _rec(0x0002, struct.pack("<I", LCID))
    out += _rec(0x0014, struct.pack("<I", LCID))
    out += _rec(0x0003, struct.pack("<H", CODEPAGE))
    out += _rec(0x0004, _mbcs(project_name))
    out += _rec(0x0005, b"") + _rec(0x0040, b"")  # docstring (MBCS + Unicode)
    out += _rec(0x0006, b"") + _rec(0x003D, b"")  # help file path (two copies)
    out += _rec(0x0007, struct.pack("<I", 0))
    out += _rec(0x0008, struct.pack("<I", 0))
    out += struct.pack("<HIIH", 0x0009, 4, 1, 0)  # PROJECTVERSION: Reserved=4, 1.0
    out += _rec(0x000C, b"") + _rec(0x003C, b"")  # conditional compilation constants
    for ref_name, libid in REFERENCES:
        out += _rec(0x0016, _mbcs(ref_name)) + _rec(0x003E, _utf16(ref_name))
        lib = _mbcs(libid)
        out += _rec(0x000D, struct.pack("<I", len(lib)) + lib + struct.pack("<IH", 0, 0))
    out += _rec(0x000F, struct.pack("<H", len(modules)))
    out += _rec(0x0013, struct.pack("<H", 0xFFFF))
    for m in modules:
        out += _rec(0x0019, _mbcs(m.name)) + _rec(0x0047, _utf16(m.name))
        out += _rec(0x001A, _mbcs(m.name)) + _rec(0x0032, _utf16(m.name))
        out += _rec(0x001C, b"") + _rec(0x0048, b"")
        out += _rec(0x0031, struct.pack("<I", 0))  # MODULEOFFSET: source starts at 0
        out += _rec(0x001E, struct.pack("<I", 0))
        out += _rec(0x002C, struct.pack("<H", 0xFFFF))
        out += _rec(0x0021 if m.kind == "standard" else 0x0022, b"")
        out += _rec(0x002B, b"")
    out += _rec(0x0010, b"")
    return bytes(out)


def _project_stream(project_name: str, project_id: str, modules: list[VbaModule]) -> bytes:
    """The ``PROJECT`` stream text ([MS-OVBA] 2.3.1), CP1252 with CRLF."""
    lines = [f'ID="{project_id}"']
    for m in modules:
        if m.kind == "document":
            lines.append(f"Document={m.name}/&H00000000")
        elif m.kind == "class":
            lines.append(f"Class={m.name}")
        else:
            lines.append(f"Module={m.name}")
    lines += [
        f'Name="{project_name}"',
        'HelpContextID="0"',
        f'VersionCompatible32="{_VERSION_COMPAT}"',
        f'CMG="{encrypt_data(bytes(4), project_id).hex().upper()}"',  # not protected
        f'DPB="{encrypt_data(bytes(1), project_id).hex().upper()}"',  # no password
        f'GC="{encrypt_data(_VISIBLE, project_id).hex().upper()}"',  # visible
        "",
        "[Host Extender Info]",
        _HOST_EXTENDER,
        "",
        "[Workspace]",
    ]
    lines += [f"{m.name}=0, 0, 0, 0, C" for m in modules]
    return ("\r\n".join(lines) + "\r\n").encode("cp1252")


def _projectwm_stream(modules: list[VbaModule]) -> bytes:
    """``PROJECTwm`` ([MS-OVBA] 2.3.3): MBCS and UTF-16 name pairs, then 0x0000."""
    out = bytearray()
    for m in modules:
        out += _mbcs(m.name) + b"\x00" + _utf16(m.name) + b"\x00\x00"
    return bytes(out + b"\x00\x00")


def _validate(modules: list[VbaModule]) -> None:
    seen: set[str] = set()
    for m in modules:
        if not _IDENT.match(m.name):
            raise InvalidInput(f"invalid VBA module name {m.name!r}")
        if m.name.upper() in seen:
            raise InvalidInput(f"duplicate VBA module name {m.name!r}")
        seen.add(m.name.upper())
        if m.kind not in ("standard", "class", "document"):
            raise InvalidInput(f"module {m.name}: unknown kind {m.kind!r}")
        first = m.normalized_source().split("\r\n", 1)[0]
        match = _NAME_ATTR.fullmatch(first)
        if not match or match.group(1) != m.name:
            raise InvalidInput(f'module {m.name}: first line must be Attribute VB_Name = "{m.name}"')


def build_vba_project(modules: Iterable[VbaModule], *, project_name: str = "VBAProject",
                      project_id: str = DEFAULT_PROJECT_ID) -> bytes:
    """Build ``vbaProject.bin`` bytes holding ``modules`` as source only.

    Parameters
    ----------
    modules : iterable of VbaModule
        Modules in the order they should be listed (documents usually first).
    project_name : str
        The VBA project name shown in the VBE.
    project_id : str
        The ``ID=`` GUID of the PROJECT stream (also keys the CMG/DPB/GC obfuscation).

    Returns
    -------
    bytes
        An MS-CFB file; the same input always yields the same bytes.

    Raises
    ------
    ValueError
        On invalid or duplicate module names, a missing/mismatched ``VB_Name``
        attribute line or source that cannot be encoded in CP1252.
    """
    modules = list(modules)
    _validate(modules)
    if not _IDENT.match(project_name):
        raise InvalidInput(f"invalid VBA project name {project_name!r}")
    streams = {
        "PROJECT": _project_stream(project_name, project_id, modules),
        "PROJECTwm": _projectwm_stream(modules),
        "VBA/_VBA_PROJECT": VBA_PROJECT_STREAM,
        "VBA/dir": compress(_dir_stream(project_name, modules)),
    }
    for m in modules:
        streams[f"VBA/{m.name}"] = compress(m.encoded_source())
    return build_compound_file(streams)
