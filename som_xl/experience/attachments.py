"""Attachments (PDF) and their file names, checked before anything is stored.

A file name from a browser is data, never a path: only its last component is kept, and
only letters, digits, space and ``._-()`` survive, so ``../../etc/passwd`` or a name with
quotes, control characters or HTML cannot reach a header, a page or the file system.
"""

from __future__ import annotations

import re
import unicodedata

from som_xl.errors import Problem

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
MAX_ATTACHMENTS = 5
PDF_TYPE = "application/pdf"
_UNSAFE = re.compile(r"[^\w .()\-]+", re.UNICODE)


def clean_filename(name: str, default: str = "bilag.pdf") -> str:
    """A harmless display and download name for a file name typed or sent by a user.

    >>> clean_filename('../../etc/passwd')
    'passwd'
    >>> clean_filename('<img src=x onerror="alert(1)">.pdf')
    'img src x onerror alert(1) .pdf'
    >>> clean_filename('Notat om bostøtte.PDF')
    'Notat om bostøtte.PDF'
    """
    base = unicodedata.normalize("NFC", str(name or "")).replace("\\", "/").split("/")[-1]
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C")
    base = _UNSAFE.sub(" ", base).strip(" .")
    base = re.sub(r" {2,}", " ", base)[:150]
    return base or default


def pdf_problems(name: str, data: bytes, location: str) -> list[Problem]:
    """What is wrong with ``data`` as a PDF attachment (size, type), in Danish."""
    shown = clean_filename(name)
    if len(data) > MAX_ATTACHMENT_BYTES:
        return [Problem("too-large", location, f"bilaget '{shown}' fylder {len(data) // 1024 // 1024} MB; "
                                               f"højst {MAX_ATTACHMENT_BYTES // 1024 // 1024} MB er tilladt.")]
    if not data:
        return [Problem("empty", location, f"bilaget '{shown}' er tomt.")]
    if not data[:1024].lstrip().startswith(b"%PDF-"):
        return [Problem("not-pdf", location, f"bilaget '{shown}' er ikke en PDF-fil; kun PDF kan "
                                             "vedhæftes.")]
    return []
