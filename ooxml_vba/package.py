"""Turn an openpyxl-saved workbook into a macro-enabled ``.xlsm`` package, and repair one.

Open Packaging Conventions ([ECMA-376] Part 2) pieces touched here:

* ``xl/vbaProject.bin`` with a workbook relationship of type
  ``http://schemas.microsoft.com/office/2006/relationships/vbaProject`` and the
  content type ``application/vnd.ms-office.vbaProject``; the workbook part gets
  ``application/vnd.ms-excel.sheet.macroEnabled.main+xml`` ([MS-OFFMACRO2]);
* ``customUI/customUI14.xml`` with a package (root) relationship of type
  ``http://schemas.microsoft.com/office/2007/relationships/ui/extensibility``
  ([MS-CUSTOMUI2] 2.1). openpyxl drops that relationship on load/save, hence
  :func:`reinject_ribbon` and the cheap :func:`ribbon_intact` check;
* ``<workbookPr codeName="ThisWorkbook"/>`` and ``<sheetPr codeName=...>``
  ([ECMA-376] Part 1, 18.2.28 and 18.3.1.82), which tie sheets to the VBA
  document modules;
* ``docProps/core.xml`` created/modified set to a fixed time.

The zip is written deterministically: ``[Content_Types].xml`` first, the other
members sorted, a fixed ``date_time``, MS-DOS ``create_system``, fixed external
attributes and deflate level 6, so the same input gives the same bytes.
XML parts we read structurally are parsed with defusedxml; the large sheet parts
are patched textually so their bytes stay untouched apart from ``sheetPr``.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from collections.abc import Mapping
from datetime import UTC, datetime
from xml.sax.saxutils import quoteattr

from defusedxml import ElementTree as SafeET

from .errors import InvalidInput

FIXED_TIME = datetime(2025, 1, 1, tzinfo=UTC)
RIBBON_PART = "customUI/customUI14.xml"
RIBBON_ID = "rIdCustomUI"
"""The default relationship id of the ribbon part (callers may pass their own)."""
REL_RIBBON = "http://schemas.microsoft.com/office/2007/relationships/ui/extensibility"
REL_VBA = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"
REL_OFFICE_DOC = ("http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
                  "officeDocument")
REL_WORKSHEET = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
REL_CORE = ("http://schemas.openxmlformats.org/package/2006/relationships/metadata/"
            "core-properties")
CT_MACRO_MAIN = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
CT_VBA = "application/vnd.ms-office.vbaProject"
CT_CORE = "application/vnd.openxmlformats-package.core-properties+xml"
_NS_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_NS_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
_NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_CT_PART = "[Content_Types].xml"
_IDENT = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,30}\Z")
_CFB_SIGNATURE = bytes.fromhex("D0CF11E0A1B11AE1")


# -- small OPC helpers -------------------------------------------------------------

def _rels_path(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", name + ".rels")


def _resolve(source_part: str, target: str) -> str:
    """Part name (no leading slash) that ``target`` points at from ``source_part``."""
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(source_part), target))


def _read_rels(parts: Mapping[str, bytes], rels_name: str) -> list[dict[str, str]]:
    if rels_name not in parts:
        return []
    root = SafeET.fromstring(parts[rels_name])
    return [dict(el.attrib) for el in root if el.tag == f"{{{_NS_RELS}}}Relationship"]


def _write_rels(rels: list[dict[str, str]]) -> bytes:
    body = "".join(
        "<Relationship" + "".join(f" {k}={quoteattr(v)}" for k, v in sorted(rel.items()))
        + "/>" for rel in rels)
    return (f'{_XML_DECL}<Relationships xmlns="{_NS_RELS}">{body}</Relationships>').encode()


def _set_relationship(rels: list[dict[str, str]], rel_type: str, target: str,
                      preferred_id: str) -> list[dict[str, str]]:
    """Replace every relationship of ``rel_type`` by one pointing at ``target``."""
    kept = [r for r in rels if r.get("Type") != rel_type]
    ids = {r.get("Id") for r in kept}
    rid, n = preferred_id, 1
    while rid in ids:
        rid, n = f"{preferred_id}{n}", n + 1
    return kept + [{"Id": rid, "Type": rel_type, "Target": target}]


def _patch_content_types(data: bytes, *, workbook_part: str | None, add_vba: bool,
                         extra_overrides: Mapping[str, str] = {}) -> bytes:
    root = SafeET.fromstring(data)
    defaults = {el.get("Extension", "").lower(): el.get("ContentType", "")
                for el in root if el.tag == f"{{{_NS_CT}}}Default"}
    overrides = {el.get("PartName", ""): el.get("ContentType", "")
                 for el in root if el.tag == f"{{{_NS_CT}}}Override"}
    defaults.setdefault("rels", "application/vnd.openxmlformats-package.relationships+xml")
    defaults.setdefault("xml", "application/xml")
    if workbook_part:
        overrides["/" + workbook_part] = CT_MACRO_MAIN
    if add_vba:
        defaults.setdefault("bin", CT_VBA)
        if defaults["bin"] != CT_VBA:
            overrides["/xl/vbaProject.bin"] = CT_VBA
    overrides.update(extra_overrides)
    body = "".join(f'<Default Extension={quoteattr(k)} ContentType={quoteattr(v)}/>'
                   for k, v in sorted(defaults.items()))
    body += "".join(f'<Override PartName={quoteattr(k)} ContentType={quoteattr(v)}/>'
                    for k, v in sorted(overrides.items()))
    return f'{_XML_DECL}<Types xmlns="{_NS_CT}">{body}</Types>'.encode()


def _set_attr(attrs: str, name: str, value: str) -> str:
    pattern = re.compile(rf'(\s{name}\s*=\s*)("[^"]*"|\'[^\']*\')')
    if pattern.search(attrs):
        return pattern.sub(lambda m: f"{m.group(1)}{quoteattr(value)}", attrs, count=1)
    return f"{attrs.rstrip()} {name}={quoteattr(value)}"


def _set_element_attr(xml: str, element: str, name: str, value: str,
                      insert_after: tuple[str, ...], root: str) -> str:
    """Set ``name`` on the first ``element`` or insert the element if missing.

    Textual on purpose: it keeps namespace prefixes, ``mc:Ignorable`` and all other
    bytes of the part unchanged, which an ElementTree round trip would not.
    """
    tag = re.compile(rf"<((?:[\w.-]+:)?){element}\b([^>]*?)(/?)>")
    match = tag.search(xml)
    if match:
        attrs = _set_attr(match.group(2), name, value)
        return f"{xml[:match.start()]}<{match.group(1)}{element}{attrs}{match.group(3)}>" \
               f"{xml[match.end():]}"
    root_tag = re.search(rf"<((?:[\w.-]+:)?){root}\b[^>]*?>", xml)
    if root_tag is None or root_tag.group(0).endswith("/>"):
        raise InvalidInput(f"no <{root}> element to hold <{element}>")
    prefix, at = root_tag.group(1), root_tag.end()
    for sibling in insert_after:  # elements that must precede ours, last one wins
        found = re.search(rf"<{re.escape(prefix)}{sibling}\b[^>]*?(/>|>.*?</{re.escape(prefix)}"
                          rf"{sibling}>)", xml, flags=re.S)
        if found:
            at = max(at, found.end())
    return f"{xml[:at]}<{prefix}{element} {name}={quoteattr(value)}/>{xml[at:]}"


def _w3cdtf(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _patch_core(data: bytes | None, moment: datetime) -> bytes:
    stamp = _w3cdtf(moment)
    if data is None:
        return (f'{_XML_DECL}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/'
                'package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"'
                ' xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/'
                f'XMLSchema-instance"><dcterms:created xsi:type="dcterms:W3CDTF">{stamp}'
                f'</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}'
                "</dcterms:modified></cp:coreProperties>").encode()
    SafeET.fromstring(data)  # refuse malformed or entity-laden input
    xml = data.decode("utf-8")
    for field in ("created", "modified"):
        pattern = re.compile(rf"(<dcterms:{field}\b[^>]*>)[^<]*(</dcterms:{field}>)")
        if pattern.search(xml):
            xml = pattern.sub(lambda m: f"{m.group(1)}{stamp}{m.group(2)}", xml, count=1)
        else:
            xml = xml.replace("</cp:coreProperties>", f'<dcterms:{field} xsi:type='
                              f'"dcterms:W3CDTF">{stamp}</dcterms:{field}></cp:coreProperties>')
    return xml.encode("utf-8")


# -- reading the package -----------------------------------------------------------

def _read_parts(package: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(package)) as zf:
        return {info.filename: zf.read(info) for info in zf.infolist() if not info.is_dir()}


def _workbook_part(parts: Mapping[str, bytes]) -> str:
    for rel in _read_rels(parts, "_rels/.rels"):
        if rel.get("Type") == REL_OFFICE_DOC:
            return _resolve("", rel["Target"])
    raise InvalidInput("package has no officeDocument relationship")


def _sheet_parts(parts: Mapping[str, bytes], workbook: str) -> list[tuple[str, str]]:
    """``(sheet title, part name)`` of the worksheets, in workbook order."""
    targets = {r["Id"]: _resolve(workbook, r["Target"])
               for r in _read_rels(parts, _rels_path(workbook))
               if r.get("Type") == REL_WORKSHEET}
    root = SafeET.fromstring(parts[workbook])
    sheets = root.find(f"{{{_NS_MAIN}}}sheets")
    return [(s.get("name", ""), targets[s.get(f"{{{_NS_R}}}id", "")])
            for s in (sheets if sheets is not None else [])
            if s.get(f"{{{_NS_R}}}id", "") in targets]


def _existing_codename(sheet_xml: bytes) -> str | None:
    head = sheet_xml[:4096].decode("utf-8", "replace")
    match = re.search(r"<(?:[\w.-]+:)?sheetPr\b[^>]*?\scodeName\s*=\s*[\"']([^\"']*)", head)
    return match.group(1) if match else None


def sheet_codenames(xlsx_bytes: bytes, *, reserved: tuple[str, ...] = (
        "ThisWorkbook", "SomRibbon", "xlwings", "Dictionary")) -> dict[str, str]:
    """Worksheet title -> VBA codeName, in sheet order.

    Keeps codeNames openpyxl already wrote (``ws.sheet_properties.codeName``) and
    gives the others Excel's English default ``SheetN`` (N = position), skipping names
    already taken or ``reserved`` (other modules of the project), case-insensitively.
    """
    parts = _read_parts(xlsx_bytes)
    sheets = _sheet_parts(parts, _workbook_part(parts))
    existing = {title: _existing_codename(parts[part]) for title, part in sheets}
    taken = {n.upper() for n in reserved} | {c.upper() for c in existing.values() if c}
    result: dict[str, str] = {}
    for position, (title, _) in enumerate(sheets, start=1):
        code = existing[title]
        if not code:
            n = position
            while f"SHEET{n}" in taken:
                n += 1
            code = f"Sheet{n}"
            taken.add(code.upper())
        result[title] = code
    return result


# -- writing -------------------------------------------------------------------------

def _write_zip(parts: Mapping[str, bytes], moment: datetime) -> bytes:
    stamp = moment.astimezone(UTC).timetuple()[:6]
    names = sorted(parts, key=lambda n: (n != _CT_PART, n != "_rels/.rels", n))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        for name in names:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0o600 << 16  # a plain rw file; what zipfile uses anyway
            zf.writestr(info, parts[name])
    return out.getvalue()


def _add_ribbon(parts: dict[str, bytes], ribbon_xml: str, ribbon_id: str) -> None:
    try:
        SafeET.fromstring(ribbon_xml.encode("utf-8"))  # must at least be well-formed
    except SafeET.ParseError as exc:
        raise InvalidInput(f"ribbon_xml is not well-formed XML: {exc}") from None
    parts[RIBBON_PART] = ribbon_xml.encode("utf-8")
    rels = _set_relationship(_read_rels(parts, "_rels/.rels"), REL_RIBBON, RIBBON_PART, ribbon_id)
    parts["_rels/.rels"] = _write_rels(rels)


def finalize_xlsm(xlsx_bytes: bytes, *, vba_project: bytes, ribbon_xml: str,
                  codenames: Mapping[str, str] | None = None,
                  fixed_time: datetime = FIXED_TIME, ribbon_id: str = RIBBON_ID) -> bytes:
    """Make a macro-enabled ``.xlsm`` package from an openpyxl-saved workbook.

    Parameters
    ----------
    xlsx_bytes : bytes
        A workbook saved by openpyxl (``.xlsx``, or ``.xlsm`` with ``keep_vba``).
    vba_project : bytes
        ``vbaProject.bin`` (see :func:`ooxml_vba.build_vba_project`); its
        document modules must be ``ThisWorkbook`` plus ``codenames.values()``.
    ribbon_xml : str
        ``customUI14.xml`` text (an ``<customUI>`` of the 2009/07 namespace).
    codenames : mapping of str to str, optional
        Worksheet title -> codeName; defaults to :func:`sheet_codenames`.
    fixed_time : datetime
        Written to docProps/core.xml and as every zip member's date.
    ribbon_id : str
        The relationship id of the ribbon part (any id unique in ``_rels/.rels``).

    Returns
    -------
    bytes
        The package; identical inputs give identical bytes.
    """
    if not vba_project.startswith(_CFB_SIGNATURE):
        raise InvalidInput("vba_project is not a compound file")
    parts = _read_parts(xlsx_bytes)
    workbook = _workbook_part(parts)
    _set_codenames(parts, workbook, sheet_codenames(xlsx_bytes) if codenames is None else codenames)
    vba_part = posixpath.join(posixpath.dirname(workbook), "vbaProject.bin")
    parts[vba_part] = bytes(vba_project)
    wb_rels = _rels_path(workbook)
    parts[wb_rels] = _write_rels(_set_relationship(
        _read_rels(parts, wb_rels), REL_VBA, "vbaProject.bin", "rIdVBA"))
    extra = _stamp_core(parts, fixed_time)
    _add_ribbon(parts, ribbon_xml, ribbon_id)
    parts[_CT_PART] = _patch_content_types(parts[_CT_PART], workbook_part=workbook,
                                           add_vba=True, extra_overrides=extra)
    return _write_zip(parts, fixed_time)


def _set_codenames(parts: dict[str, bytes], workbook: str, codenames: Mapping[str, str]) -> None:
    """``ThisWorkbook`` on the workbook and each sheet's codeName, as the VBA project names them."""
    codes = [c.upper() for c in codenames.values()]
    if len(set(codes)) != len(codes) or "THISWORKBOOK" in codes or \
            not all(_IDENT.match(c) for c in codenames.values()):
        raise InvalidInput(f"invalid or duplicate sheet codeNames: {dict(codenames)}")
    wb_xml = parts[workbook].decode("utf-8")
    parts[workbook] = _set_element_attr(
        wb_xml, "workbookPr", "codeName", "ThisWorkbook",
        insert_after=("fileVersion", "fileSharing"), root="workbook").encode("utf-8")
    for title, part in _sheet_parts(parts, workbook):
        if title not in codenames:
            raise InvalidInput(f"no codeName given for sheet {title!r}")
        parts[part] = _set_element_attr(parts[part].decode("utf-8"), "sheetPr", "codeName",
                                        codenames[title], insert_after=(), root="worksheet"
                                        ).encode("utf-8")


def _stamp_core(parts: dict[str, bytes], fixed_time: datetime) -> dict[str, str]:
    """docProps/core.xml with ``fixed_time`` (added when missing); the content-type overrides it needs."""
    core = next((_resolve("", r["Target"]) for r in _read_rels(parts, "_rels/.rels")
                 if r.get("Type") == REL_CORE), None)
    if core is not None and core in parts:
        parts[core] = _patch_core(parts[core], fixed_time)
        return {}
    core = "docProps/core.xml"
    parts["_rels/.rels"] = _write_rels(_set_relationship(_read_rels(parts, "_rels/.rels"), REL_CORE, core,
                                                         "rIdCore"))
    parts[core] = _patch_core(None, fixed_time)
    return {"/" + core: CT_CORE}


def reinject_ribbon(xlsm_bytes: bytes, ribbon_xml: str, ribbon_id: str = RIBBON_ID) -> bytes:
    """Put the ribbon part and its root relationship back after an openpyxl save.

    Everything else is kept; members are rewritten in the same deterministic order.
    """
    parts = _read_parts(xlsm_bytes)
    _add_ribbon(parts, ribbon_xml, ribbon_id)
    parts[_CT_PART] = _patch_content_types(parts[_CT_PART], workbook_part=None, add_vba=False)
    return _write_zip(parts, FIXED_TIME)


def ribbon_intact(xlsm_bytes: bytes) -> bool:
    """True when the root relationships point a ui/extensibility (2007) relationship
    at a non-empty ``customUI14`` part; reads only ``_rels/.rels`` and the zip index."""
    try:
        with zipfile.ZipFile(io.BytesIO(xlsm_bytes)) as zf:
            root = SafeET.fromstring(zf.read("_rels/.rels"))
            sizes = {i.filename: i.file_size for i in zf.infolist()}
    except (KeyError, zipfile.BadZipFile, SafeET.ParseError):
        return False
    for el in root:
        if el.get("Type") == REL_RIBBON:
            part = _resolve("", el.get("Target", ""))
            if sizes.get(part, 0) > 0:
                return True
    return False
