"""Render a workbook to PDF with LibreOffice headless (what a person sees, without Excel).

LibreOffice only reads the workbook here; it never writes the deliverable (its .xlsm
export rewrites the VBA project).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from som_xl.errors import SomError


class RenderError(SomError):
    """LibreOffice is missing or failed to convert."""


def soffice() -> str:
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if not exe:
        raise RenderError("LibreOffice (soffice) findes ikke på denne maskine, så der kan ikke laves PDF. Brug "
                          "--format md for oplægget som Markdown (kan åbnes i Word), eller installér LibreOffice "
                          "(libreoffice.org).")
    return exe


def to_pdf(path: str | Path, outdir: str | Path, timeout: float = 120) -> Path:
    """Convert ``path`` to PDF in ``outdir``; returns the PDF's path."""
    path, outdir = Path(path), Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="som-xl-lo-") as profile:
        env = dict(os.environ, HOME=profile)
        cmd = [soffice(), "--headless", "--norestore", f"-env:UserInstallation=file://{profile}/u",
               "--convert-to", "pdf", "--outdir", str(outdir), str(path)]
        try:
            subprocess.run(cmd, env=env, capture_output=True, timeout=timeout, check=True)
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
            raise RenderError(f"LibreOffice kunne ikke omdanne {path.name} til PDF ({exc}).") from None
    pdf = outdir / (path.stem + ".pdf")
    if not pdf.exists():
        raise RenderError(f"LibreOffice lavede ingen PDF af {path.name}.")
    return pdf


def pdf_text(pdf: str | Path) -> str:
    """The text of a PDF (poppler's pdftotext, layout kept)."""
    exe = shutil.which("pdftotext")
    if not exe:
        raise RenderError("pdftotext (poppler-utils) er ikke installeret.")
    out = subprocess.run([exe, "-layout", str(pdf), "-"], capture_output=True, check=True, timeout=60)
    return out.stdout.decode("utf-8", "replace")
