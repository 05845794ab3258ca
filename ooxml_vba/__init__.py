"""ooxml_vba: write source-only VBA projects and read Office Open XML packages safely.

A small, dependency-light toolchain (the standard library and defusedxml; openpyxl only
for :mod:`ooxml_vba.inert`) that imports nothing of any application using it:

* :mod:`~ooxml_vba.compression` — MS-OVBA compression and decompression ([MS-OVBA] 2.4.1);
* :mod:`~ooxml_vba.cfb` — a deterministic MS-CFB compound file writer ([MS-CFB]);
* :mod:`~ooxml_vba.project` and :mod:`~ooxml_vba.modules` — a ``vbaProject.bin`` that
  Office compiles from source, and the modules that go in it;
* :mod:`~ooxml_vba.package` — an openpyxl-saved workbook made a macro-enabled ``.xlsm``
  (VBA part, ribbon, sheet codeNames, a byte-reproducible zip), the ribbon put back
  after a later save;
* :mod:`~ooxml_vba.scan` and :mod:`~ooxml_vba.safe_zip` — a bounded check of a package
  before it is parsed (zip bombs, XML bombs, row/cell/style/element/rule counts, part
  names, sheet entries), refusing with typed :class:`~ooxml_vba.errors.PackageRefused`;
* :mod:`~ooxml_vba.cached_values` — formulas' cached values put back after openpyxl saves;
* :mod:`~ooxml_vba.inert` — a workbook stripped to values (no VBA, links, names, rules).

See ``ooxml_vba/README.md`` for the API and its limits.
"""

from .cfb import build_compound_file
from .compression import compress, decompress
from .errors import DecompressionError, ForbiddenXml, InvalidInput, OoxmlVbaError, PackageRefused
from .modules import class_module, document_module, module_from_export, standard_module
from .project import VbaModule, build_vba_project, decrypt_data, encrypt_data

__version__ = "1.0.0"

__all__ = [
    "DecompressionError",
    "ForbiddenXml",
    "InvalidInput",
    "OoxmlVbaError",
    "PackageRefused",
    "VbaModule",
    "build_compound_file",
    "build_vba_project",
    "class_module",
    "compress",
    "decompress",
    "decrypt_data",
    "document_module",
    "encrypt_data",
    "module_from_export",
    "standard_module",
]
