"""Source-only VBA projects for the SØM workbook ([MS-OVBA], [MS-CFB]).

``build_vba_project(template_modules(codenames))`` gives the ``vbaProject.bin``
of the template: Office compiles it from source when the workbook is opened.
"""

from .cfb import build_compound_file
from .compression import DecompressionError, compress, decompress
from .project import VbaModule, build_vba_project, decrypt_data, encrypt_data
from .sources import (
    class_module,
    document_module,
    module_from_export,
    som_vba_sources,
    standard_module,
    template_modules,
    vba_xlwings_version,
    xlwings_vba_sources,
)

__all__ = [
    "DecompressionError",
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
    "som_vba_sources",
    "standard_module",
    "template_modules",
    "vba_xlwings_version",
    "xlwings_vba_sources",
]
