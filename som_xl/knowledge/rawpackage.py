"""Reading a knowledge package from disk as untyped rows with their CSV line numbers.

A package is a folder with ``datapackage.json`` (a Frictionless data package) and one
CSV file per resource. This module only reads: it keeps every cell as the string in the
file, so the checks (:mod:`som_xl.knowledge.checks`) can report a bad cell by file, row
and column instead of failing on it. Row numbers follow the file: the header is row 1.
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from som_xl.errors import KnowledgeError, Problem
from som_xl.fmt import number

DESCRIPTOR = "datapackage.json"
REQUIRED_TABLES: tuple[str, ...] = (
    "sources", "target_groups", "outcomes", "effects", "items", "prices", "consequences",
    "net_price_index", "discount_rates",
)
MAX_CSV_BYTES = 50 * 1024 * 1024
"""A knowledge table is kilobytes; anything over this is refused before reading."""
MAX_DESCRIPTOR_BYTES = 5 * 1024 * 1024
MAX_TABLE_ROWS = 100_000
"""Rows in all tables together; the shipped tables have under 200, the official SØM tables
thousands. Counted while streaming, so a 50 MB file of two-byte lines is refused, not built."""
MAX_PACKAGE_BYTES = 100 * 1024 * 1024
"""All resource files together."""
MAX_COLUMNS = 200
"""Columns in one table (the widest has ten)."""
MAX_RESOURCES = 100
"""Resources (tables) in one package (the shipped package has nine)."""
ROLE_PRICES = "prices"
ROLE_INDEX = "price_index"
ROLE_PRICE_CHANGES = "price_changes"
ROLE_REFUSION = "refusion_rules"
ROLE_DERIVATIONS = "derivations"
ROLE_DERIVATION_PARTS = "derivation_parts"
ROLE_DERIVATION_CHECKS = "derivation_checks"
METHOD_KINDS = ("consequences", "effects", "prices")
"""The parts of a package whose making ``datapackage.json`` describes (``som_xl_method``)."""


def location(file: str, row: int | None = None, column: str | None = None) -> str:
    """``"prices.csv række 4, kolonne kommune"`` (parts left out when unknown)."""
    out = file
    if row is not None:
        out += f" række {row}"
    if column:
        out += f", kolonne {column}" if row is not None else f" kolonne {column}"
    return out


@dataclass(frozen=True)
class RawRow:
    line: int
    """Row number in the CSV file (header = 1)."""
    values: dict[str, str]

    def get(self, column: str) -> str:
        return (self.values.get(column) or "").strip()


@dataclass
class RawTable:
    name: str
    file: str
    """File name relative to the package folder, as in the descriptor's ``path``."""
    columns: list[str]
    rows: list[RawRow]
    descriptor: dict = field(default_factory=dict)
    blank_lines: list[int] = field(default_factory=list)
    """Line numbers of the blank rows (skipped, but counted against :data:`MAX_TABLE_ROWS`)."""

    @property
    def role(self) -> str:
        if self.descriptor.get("som_xl_role"):
            return str(self.descriptor["som_xl_role"])
        return {"prices": ROLE_PRICES, "net_price_index": ROLE_INDEX, "price_changes": ROLE_PRICE_CHANGES,
                "refusion_rules": ROLE_REFUSION, ROLE_DERIVATIONS: ROLE_DERIVATIONS,
                ROLE_DERIVATION_PARTS: ROLE_DERIVATION_PARTS,
                ROLE_DERIVATION_CHECKS: ROLE_DERIVATION_CHECKS}.get(self.name, "")


@dataclass
class RawPackage:
    path: Path
    descriptor: dict
    tables: dict[str, RawTable]

    def by_role(self, role: str) -> list[RawTable]:
        return [t for t in self.tables.values() if t.role == role]

    @property
    def files(self) -> list[str]:
        """The descriptor and every resource file, by name."""
        return [DESCRIPTOR] + [t.file for t in self.tables.values()]



def problem_at(type_: str, table: RawTable, line: int | None, column: str | None, message: str,
               severity: str = "error") -> Problem:
    """A :class:`Problem` located at ``table``'s file, ``line`` and ``column`` (see :func:`location`)."""
    return Problem(type_, location(table.file, line, column), message, severity)


def int_or_none(text: str) -> int | None:
    """``int(text)``, or None when ``text`` is not a whole number."""
    try:
        return int(text)
    except ValueError:
        return None

def _fail(message: str, where: str = "", type_: str = "package-error") -> KnowledgeError:
    return KnowledgeError([Problem(type_, where, message)])


def read_descriptor(path: Path) -> dict:
    """The parsed ``datapackage.json`` of the package folder ``path``."""
    if not path.is_dir():
        raise _fail(f"vidensdatabasen '{path}' findes ikke eller er ikke en mappe.")
    file = path / DESCRIPTOR
    if not file.is_file():
        raise _fail(f"mappen '{path}' indeholder ikke {DESCRIPTOR}; en vidensdatabase er en mappe med "
                    f"{DESCRIPTOR} og CSV-filerne.", DESCRIPTOR)
    if file.stat().st_size > MAX_DESCRIPTOR_BYTES:
        raise _fail(f"{DESCRIPTOR} fylder {file.stat().st_size // 2**20} MB; højst "
                    f"{MAX_DESCRIPTOR_BYTES // 2**20} MB.", DESCRIPTOR)
    try:
        descriptor = json.loads(file.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise _fail(f"{DESCRIPTOR} er ikke gemt som UTF-8-tekst.", DESCRIPTOR) from None
    except json.JSONDecodeError as exc:
        raise _fail(f"{DESCRIPTOR} er ikke gyldig JSON (linje {exc.lineno}, kolonne {exc.colno}).",
                    DESCRIPTOR) from None
    except RecursionError:
        raise _fail(f"{DESCRIPTOR} er indlejret for dybt til at være en datapakke.", DESCRIPTOR) from None
    if not isinstance(descriptor, dict) or not isinstance(descriptor.get("resources"), list):
        raise _fail(f"{DESCRIPTOR} skal være et objekt med en liste 'resources'.", DESCRIPTOR)
    if len(descriptor["resources"]) > MAX_RESOURCES:
        raise KnowledgeError([Problem("too-many-resources", DESCRIPTOR,
                                      f"{DESCRIPTOR} har {number(len(descriptor['resources']))} ressourcer; en "
                                      f"vidensdatabase må højst have {number(MAX_RESOURCES)}.")])
    return descriptor


def _check_header(shown: str, header: list[str]) -> None:
    """Refuse a header that cannot be the package's: too wide, a byte order mark, ``;`` as delimiter."""
    if len(header) > MAX_COLUMNS:
        raise KnowledgeError([Problem("too-many-columns", shown,
                                      f"{shown} har {number(len(header))} kolonner; en tabel må højst have "
                                      f"{number(MAX_COLUMNS)}.")])
    if header and header[0].startswith("\ufeff"):
        raise _fail(f"{shown} begynder med et BOM-tegn (byte order mark), som Excel sætter foran 'CSV UTF-8'; "
                    "vidensdatabasens tabeller skal være UTF-8 uden BOM. Gem filen igen uden BOM (fx i en "
                    "teksteditor).", shown, "csv-bom")
    if len(header) == 1 and ";" in header[0]:
        raise _fail(f"{shown} bruger semikolon (;) som skilletegn; vidensdatabasens tabeller skal bruge komma "
                    "(,). Gem filen som 'CSV (kommasepareret)' med komma som listeseparator.", shown,
                    "csv-delimiter")


def _read_csv(file: Path, shown: str, budget: int = MAX_TABLE_ROWS) -> tuple[list[str], list[RawRow], list[int]]:
    """Header, non-blank rows and blank line numbers of one table; ``budget`` is the rows
    the package has left (blank rows count: each costs the full validation as much as a row)."""
    size = file.stat().st_size
    if size > MAX_CSV_BYTES:
        raise _fail(f"{shown} fylder {size // 2**20} MB; en tabel i vidensdatabasen må højst fylde "
                    f"{MAX_CSV_BYTES // 2**20} MB.", shown)
    try:
        with file.open(encoding="utf-8", newline="") as handle:
            reader = csv.reader(handle)
            header = next(reader, [])
            _check_header(shown, header)
            rows, blank = [], []
            for n, cells in enumerate(reader, start=2):
                if n - 1 > budget:  # rows after the header, blank ones included: the file's own count
                    raise KnowledgeError([Problem("too-many-rows", shown,
                                                  f"{shown} har for mange rækker; en vidensdatabase må højst have "
                                                  f"{number(MAX_TABLE_ROWS)} rækker i alt (tomme rækker "
                                                  "medregnet).")])
                if not any(c.strip() for c in cells[:MAX_COLUMNS + 1]):
                    blank.append(n)
                    continue
                rows.append(RawRow(n, {h: (cells[i] if i < len(cells) else "") for i, h in enumerate(header)}))
    except UnicodeDecodeError:
        raise _fail(f"{shown} er ikke gemt som UTF-8; gem filen som CSV UTF-8.", shown) from None
    except csv.Error as exc:
        detail = "filen indeholder nul-tegn; er den binær?" if "NUL" in str(exc) else (
            "et felt er for langt" if "field larger" in str(exc) else str(exc))
        raise _fail(f"{shown} kan ikke læses som CSV ({detail}).", shown) from None
    return [h.strip() for h in header], rows, blank


PROFILES = ("data-package", "tabular-data-package", "data-resource", "tabular-data-resource")
"""The only ``profile`` values allowed: the standard ones frictionless knows without fetching."""
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
"""``http:``, ``https:``, ``file:``, ``c:`` …: a path that names a scheme or a drive."""


def reference_problems(descriptor: dict) -> list[Problem]:
    """Every place ``descriptor`` points away from the package folder, refused before any
    reader (frictionless above all, which would download it) follows it: a ``path`` that is
    a URL or names a drive, a ``schema`` or ``dialect`` given by reference instead of inline,
    a ``profile`` (or ``$schema``) that is not one of :data:`PROFILES`."""
    out = []
    for where, node in [("datapackage.json", descriptor)] + [
            (f"{DESCRIPTOR} ressourcen '{str(r.get('name'))[:60]}'", r)
            for r in descriptor.get("resources", []) if isinstance(r, dict)]:
        for key in ("profile", "$schema"):
            if key in node and node[key] not in PROFILES:
                out.append(Problem("remote-reference", where, f"'{key}' er {str(node[key])[:100]!r}; kun "
                                   f"standardprofilerne ({', '.join(PROFILES)}) er tilladt, og intet hentes "
                                   "fra nettet."))
        if node is descriptor:
            continue
        for key in ("schema", "dialect"):
            if key in node and not isinstance(node[key], dict):
                out.append(Problem("remote-reference", where, f"'{key}' skal stå i datapackage.json selv (et "
                                   f"objekt), ikke henvise til {str(node[key])[:100]!r}; intet hentes fra nettet "
                                   "eller fra andre filer."))
        if isinstance(node.get("path"), str) and _SCHEME.match(node["path"]):
            out.append(Problem("remote-reference", where, f"stien {node['path'][:100]!r} er en adresse, ikke et "
                               "filnavn i vidensdatabasens mappe; intet hentes fra nettet."))
    return out


def inside(folder: Path, relative: str) -> bool:
    """True if ``relative`` names a file inside ``folder`` (no absolute paths, no '..')."""
    if not relative or "\x00" in relative or Path(relative).is_absolute() or "\\" in relative:
        return False
    try:
        return (folder / relative).resolve().is_relative_to(folder.resolve())
    except (OSError, ValueError):
        return False


def read_raw_package(path: str | Path) -> RawPackage:
    """Read the descriptor and every resource of the package at ``path``.

    Raises
    ------
    KnowledgeError
        When the folder, the descriptor, a required resource or one of its files is
        missing or unreadable; every missing table is named.
    """
    path = Path(path)
    descriptor = read_descriptor(path)
    tables: dict[str, RawTable] = {}
    problems: list[Problem] = reference_problems(descriptor)
    rows_left, bytes_left = MAX_TABLE_ROWS, MAX_PACKAGE_BYTES
    for res in descriptor["resources"]:
        if not isinstance(res, dict) or not res.get("name") or not isinstance(res.get("path"), str):
            problems.append(Problem("package-error", DESCRIPTOR,
                                    "hver ressource i datapackage.json skal have 'name' og 'path'."))
            continue
        if _SCHEME.match(res["path"]):
            continue  # a URL: refused by reference_problems, never read
        if not inside(path, res["path"]):
            problems.append(Problem("bad-path", f"{DESCRIPTOR} ressourcen '{str(res['name'])[:60]}'",
                                    f"stien {res['path'][:100]!r} peger uden for vidensdatabasens mappe; "
                                    "kun filnavne i mappen (fx 'prices.csv') er tilladt."))
            continue
        file = path / res["path"]
        if not file.is_file():
            problems.append(Problem("missing-file", res["path"],
                                    f"filen {res['path']} (ressourcen '{res['name']}') findes ikke i pakken."))
            continue
        bytes_left -= file.stat().st_size
        if bytes_left < 0:
            raise _fail(f"tabellerne fylder over {MAX_PACKAGE_BYTES // 2**20} MB i alt; en vidensdatabase må højst "
                        "fylde så meget.", res["path"])
        columns, rows, blank = _read_csv(file, res["path"], rows_left)
        rows_left -= len(rows) + len(blank)
        tables[res["name"]] = RawTable(res["name"], res["path"], columns, rows, res, blank)
    declared = {res.get("name") for res in descriptor["resources"] if isinstance(res, dict)}
    for name in REQUIRED_TABLES:
        if name not in declared:
            problems.append(Problem("missing-table", DESCRIPTOR,
                                    f"vidensdatabasen mangler tabellen '{name}'; krævet er: "
                                    f"{', '.join(REQUIRED_TABLES)}."))
    if problems:
        raise KnowledgeError(problems)
    return RawPackage(path, descriptor, tables)
