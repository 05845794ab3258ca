"""``som-xl excel-setup [--write]``: what Excel on this machine needs to run SØM's Python.

Prints the Python interpreter to use, the ``xlwings.conf`` sheet of the SØM workbook,
the user-level xlwings config file and its lines, and the Trust Center steps. With
``--write`` (Windows and macOS) it writes the user-level config file atomically,
keeping any other settings in it.

xlwings' VBA (``GetConfig`` in ``xlwings.bas`` 0.37.8) takes a key from the workbook's
``xlwings.conf`` sheet whenever the key is *listed* there, even with an empty value, so
the SØM workbook lists no interpreter at all (a mailed workbook carries no machine
paths) and the interpreter comes from the user config file written here. The legacy
key ``INTERPRETER`` is written as well as ``INTERPRETER_WIN``/``INTERPRETER_MAC``, which
older xlwings versions fall back to.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from som_xl import __version__
from som_xl.fileio import atomic_write_text

HEADER = "SØM i Excel: opsætning af denne maskine"


def platform_name(platform: str | None = None) -> str:
    """``"windows"``, ``"macos"`` or ``"other"``."""
    p = platform or sys.platform
    return "windows" if p.startswith("win") else "macos" if p == "darwin" else "other"


def user_config_path(platform: str | None = None, home: Path | None = None) -> Path | None:
    """Where xlwings' VBA reads the user config (None where Excel does not run)."""
    home = home or Path.home()
    kind = platform_name(platform)
    if kind == "windows":
        return Path(os.environ.get("USERPROFILE") or home) / ".xlwings" / "xlwings.conf"
    if kind == "macos":
        return home / "Library" / "Containers" / "com.microsoft.Excel" / "Data" / "xlwings.conf"
    return None


def interpreter(platform: str | None = None, executable: str | None = None) -> str:
    """The interpreter Excel should start: ``pythonw.exe`` next to python.exe on Windows (no console)."""
    exe = Path(executable or sys.executable)
    if platform_name(platform) == "windows":
        windowless = exe.with_name("pythonw.exe")
        if windowless.exists():
            return str(windowless)
    return str(exe)


def config_lines(platform: str | None = None, executable: str | None = None) -> dict[str, str]:
    """The user config entries this command writes (key → value)."""
    python = interpreter(platform, executable)
    specific = "INTERPRETER_MAC" if platform_name(platform) == "macos" else "INTERPRETER_WIN"
    return {"INTERPRETER": python, specific: python}


def merge_config(existing: str, entries: dict[str, str]) -> str:
    """``existing`` config text with ``entries`` set (``"KEY","value"`` lines, as xlwings writes)."""
    keys = {f'"{k.upper()}"' for k in entries}
    kept = [line for line in existing.splitlines() if line.strip() and line.split(",")[0].strip().upper() not in keys]
    return "\n".join(kept + [f'"{k}","{v}"' for k, v in entries.items()]) + "\n"


def write_user_config(path: Path, entries: dict[str, str]) -> Path:
    """Set ``entries`` in the config file at ``path`` atomically (other lines kept)."""
    existing = path.read_text(encoding="utf-8") if path.exists() else ""
    path.parent.mkdir(parents=True, exist_ok=True)
    return atomic_write_text(path, merge_config(existing, entries))


def trust_center_steps(platform: str | None = None) -> list[str]:
    """Danish steps for macros and for 'Importér funktioner' (VBA project access)."""
    if platform_name(platform) == "macos":
        return [
            "Installér xlwings' AppleScript én gang: kør 'xlwings runpython install' i samme Python.",
            "Excel > Indstillinger > Sikkerhed: vælg at blive spurgt, før makroer aktiveres, og tryk "
            "'Aktivér makroer', når projektmappen åbnes.",
            "Samme sted: sæt flueben i 'Hav tillid til adgang til VBA-projektobjektmodellen' (kræves af "
            "'Importér funktioner').",
        ]
    return [
        "Hvis filen er hentet fra internettet eller e-mail: højreklik på filen > Egenskaber > 'Fjern blokering'.",
        "Filer > Indstillinger > Center for sikkerhed og rettighedsadministration > Indstillinger for Center "
        "for sikkerhed og rettighedsadministration > Indstillinger for makro: 'Deaktiver VBA-makroer med "
        "meddelelse', og tryk 'Aktivér indhold', når projektmappen åbnes.",
        "Samme sted: sæt flueben i 'Hav tillid til adgangen til VBA-projektobjektmodellen' (kræves af "
        "'Importér funktioner').",
    ]


def report(platform: str | None = None, executable: str | None = None, home: Path | None = None) -> str:
    """The text ``som-xl excel-setup`` prints."""
    # lazy: xlwings, openpyxl and the workbook room (≈0.5 s) load when the command runs, not for its --help
    import xlwings

    from som_xl.service.workbooks import xlwings_settings

    conf_sheet, conf_rows = xlwings_settings()
    kind = platform_name(platform)
    path = user_config_path(platform, home)
    lines = [HEADER, "=" * len(HEADER), "",
             f"Python:   {executable or sys.executable}",
             f"som_xl:   {__version__}    xlwings: {xlwings.__version__} (projektmappens VBA hører til "
             "netop denne version)", "",
             f"Arket '{conf_sheet}' i SØM-projektmappen (skjult) indeholder:"]
    lines += [f"  {key:<16} {value!s}" for key, value in conf_rows]
    lines += ["", "Brugerens xlwings-konfigurationsfil:"]
    if path is None:
        lines += ["  (ingen: Excel findes ikke på denne platform; brug 'som-xl recalc' uden Excel)"]
    else:
        lines += [f"  {path}"] + [f'  "{k}","{v}"' for k, v in config_lines(platform, executable).items()]
        lines += ["  Skriv filen med: som-xl excel-setup --write"]
    lines += ["", "Excel-indstillinger (én gang pr. maskine):"]
    lines += [f"  {i}. {step}" for i, step in enumerate(trust_center_steps(platform), start=1)]
    if kind == "other":
        lines += ["", "Denne maskine kan ikke køre Excel; trinnene gælder Windows og macOS."]
    return "\n".join(lines)


def configure(p) -> None:
    """The ``excel-setup`` subcommand's arguments on ``p`` (its parser, made by :mod:`som_xl.cli.main`)."""
    p.add_argument("--write", action="store_true",
                   help="skriv brugerens xlwings-konfigurationsfil (kun Windows og macOS)")
    p.set_defaults(func=run)


def run(args) -> int:
    print(report())
    if not args.write:
        return 0
    path = user_config_path()
    if path is None:
        print("\n--write: Excel findes ikke på denne platform (kun Windows og macOS); der er ikke skrevet noget.")
        return 2
    write_user_config(path, config_lines())
    print(f"\nSkrevet: {path}")
    return 0
