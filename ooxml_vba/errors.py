"""The toolchain's exceptions: one base class, and typed refusals a caller can translate.

Every error the toolchain raises derives from :class:`OoxmlVbaError`. Errors in the
arguments a caller passes (an invalid module name, a ribbon that is not XML) are also
``ValueError``; a package refused by :func:`ooxml_vba.safe_zip.check_package` is a
:class:`PackageRefused` carrying a stable ``kind`` and the numbers, never a sentence in
any particular language: the application words it for its users.
"""

from __future__ import annotations


class OoxmlVbaError(Exception):
    """Base class of every exception raised by :mod:`ooxml_vba`."""


class InvalidInput(OoxmlVbaError, ValueError):
    """An argument the writers cannot use (a name, a module, a part); the message says which."""


class DecompressionError(InvalidInput):
    """A malformed MS-OVBA CompressedContainer ([MS-OVBA] 2.4.1)."""


class ForbiddenXml(InvalidInput):
    """A DTD or entity declaration in a part read as XML (Office never writes one)."""


class PackageRefused(OoxmlVbaError):
    """A package :func:`ooxml_vba.safe_zip.check_package` will not let a reader open.

    Attributes
    ----------
    kind
        Stable slug: ``not-found``, ``is-a-folder``, ``file-too-large``, ``not-a-zip``,
        ``bad-zip``, ``corrupt``, ``too-many-parts``, ``unpacked-too-large``, ``zip-bomb``,
        ``encrypted``, ``compression``, ``bad-part-name``, ``xml-dtd``,
        ``xml-encoding``, ``too-many-rows``, ``too-many-cells``, ``too-many-styles``,
        ``too-many-elements``, ``too-many-rules``, ``too-many-sheets``,
        ``duplicate-sheet``.
    part
        The zip member concerned ("" for the whole package).
    count
        The number that crossed the limit (bytes, parts, rows …; 0 when none applies).
    detail
        Extra facts: the encoding found, the library's own error text, or for
        ``duplicate-sheet`` the two sheet names joined by a tab; ``merged`` cells for
        ``too-many-cells``.
    """

    def __init__(self, kind: str, part: str = "", *, count: int = 0, detail: str = "", merged: int = 0) -> None:
        super().__init__(f"{kind}: {part}" + (f" ({detail})" if detail else "") + (f" [{count}]" if count else ""))
        self.kind, self.part, self.count, self.detail, self.merged = kind, part, count, detail, merged
