"""The gradebook in an LMS's import format (``grade --lms canvas|moodle --roster ROSTER.csv``):
students are matched to the roster the instructor exported from the LMS, and every folder
or roster row that matches nothing (or more than one) is listed, never dropped silently.

Canvas. The roster is the gradebook Canvas exports (Grades → Export): a header row
(``Student, ID, SIS User ID, SIS Login ID, Section``, or without the SIS columns, then one
column per assignment, ``Title (ID)``), a row ``    Points Possible``, then a row per
student. The import file keeps the roster's student columns as they are, up to ``Section``,
and adds one assignment column: the roster's own when it has one of that name (so Canvas
grades that assignment, with its points possible; the scores are scaled to them), else a new
one (Canvas creates it). Canvas matches a row to a student by ID, then SIS User ID, SIS Login
ID, then name.

Moodle. The roster is any CSV with a header the instructor exports (the grader report's
export, or the participants): the import file has two columns, the identity field (``Email
address`` by default, else ``Username`` or ``ID number``, or the one ``[lms] identity``
names), which Moodle's CSV import maps to that user field, and the assignment's points,
which it maps to a grade item or a new one.

A roster row without a folder is left out of the import file (a blank cell would clear the
student's grade in either LMS) and listed; so is a folder without a roster row. Pure, but
for ``load_roster``, which reads the file."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..core.errors import ConfigError
from .config import LmsSettings
from .model import ClassGrading
from .scoring import final_points, max_points, show_points, student_done

SYSTEMS = ("canvas", "moodle")
DEFAULT_ASSIGNMENT = "wirecheck"
POINTS_POSSIBLE = "    Points Possible"  # Canvas's second row, as it exports it
CANVAS_KEYS = ("SIS Login ID", "SIS User ID", "ID")  # the columns a folder name is looked for in, in order
MOODLE_KEYS = ("Username", "Email address", "ID number")
MOODLE_IDENTITY = ("Email address", "Username", "ID number")  # the identity field written, the first present
TEST_STUDENT = "Student, Test"  # the student Canvas adds to every course for "Student view"
UNMATCHED_FILE = "roster-unmatched.csv"
UNMATCHED_COLUMNS = ("kind", "folder", "roster_row", "detail")
NO_ROW, NO_FOLDER, AMBIGUOUS = "folder without a roster row", "roster row without a folder", "ambiguous"
_TITLE_ID = re.compile(r"^(.*?)\s*\((\d+)\)\s*$")


@dataclass(frozen=True)
class Roster:
    system: str
    source: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]  # the students' rows, as exported (padded to the header)
    points_row: tuple[str, ...] | None = None  # Canvas's "Points Possible"
    student_columns: int = 0  # Canvas: the student columns, up to Section


@dataclass(frozen=True)
class LmsExport:
    """A roster and how the import file is written: ``keys`` are the roster columns a
    folder's name is looked for in; ``column`` the assignment's header; ``scale`` the
    points the scores are scaled to (None: wirecheck's own)."""

    system: str
    roster: Roster
    keys: tuple[int, ...]
    column: str
    scale: float | None
    identity: int | None = None  # Moodle: the column written as the identity field

    @property
    def file_name(self) -> str:
        return f"{self.system}-import.csv"


@dataclass
class Matching:
    rows: dict[str, int] = field(default_factory=dict)  # student -> roster row index
    unmatched: list[tuple[str, str, str, str]] = field(default_factory=list)  # UNMATCHED_COLUMNS

    def count(self, kind: str) -> int:
        return sum(1 for row in self.unmatched if row[0] == kind)


# --- the roster ------------------------------------------------------------------------


def load_roster(path: str | Path, system: str) -> Roster:
    if system not in SYSTEMS:
        raise ConfigError(f"--lms {system!r}: expected one of {', '.join(SYSTEMS)}")
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ConfigError(f"--roster {path}: no such file") from None
    except UnicodeDecodeError:
        raise ConfigError(f"--roster {path}: not a UTF-8 text file (export the roster as CSV)") from None
    except OSError as exc:
        raise ConfigError(f"--roster {path}: cannot be read ({exc.strerror or exc})") from None
    return parse_roster(text, system, Path(path).name)


def parse_roster(text: str, system: str, source: str = "roster.csv") -> Roster:
    lines = text.splitlines()
    head = lines[0] if lines else ""
    delimiter = ";" if head.count(";") > head.count(",") else ","  # Canvas exports either, by locale
    try:
        table = [row for row in csv.reader(io.StringIO(text), delimiter=delimiter)]
    except csv.Error as exc:
        raise ConfigError(f"--roster {source}: not a CSV file ({exc})") from None
    table = [[cell.strip() if i else cell for i, cell in enumerate(row)] for row in table]
    if not table or not any(c.strip() for c in table[0]):
        raise ConfigError(f"--roster {source}: empty (export the {system} gradebook as CSV)")
    header = tuple(c.strip() for c in table[0])
    body = table[1:]
    if system == "canvas":
        return _canvas_roster(header, body, source)
    rows = tuple(_padded(row, header) for row in body if any(c.strip() for c in row))
    return Roster(system, source, header, rows)


def _padded(row: list[str], header: tuple[str, ...]) -> tuple[str, ...]:
    cells = [c.strip() for c in row[: len(header)]]
    return tuple(cells + [""] * (len(header) - len(cells)))


def _canvas_roster(header: tuple[str, ...], body: list[list[str]], source: str) -> Roster:
    names_first = len(header) > 4 and header[0] == "LastName" and header[1] == "FirstName"
    if not ((len(header) > 3 and "Student" in header[0] and "ID" in header[1]) or names_first):
        raise ConfigError(
            f"--roster {source}: not a Canvas gradebook export (its header starts Student, ID, ...; "
            "export it from Grades → Export)"
        )
    section = next((i for i, h in enumerate(header) if "Section" in h), None)
    if section is None:
        raise ConfigError(f"--roster {source}: not a Canvas gradebook export: no Section column")
    points = None
    rows = []
    for row in body:
        first = row[0].strip() if row else ""
        if "Points Possible" in first:
            points = _padded(row, header)
            continue
        if all(re.fullmatch(r"\s*(Muted|Manual Posting.*)?\s*", c or "", re.I) for c in row):
            continue  # a blank row, or Canvas's row of hidden assignments
        if first == TEST_STUDENT:
            continue
        rows.append(_padded(row, header))
    return Roster("canvas", source, header, tuple(rows), points, section + 1)


def _column(header: tuple[str, ...], name: str) -> int | None:
    wanted = name.strip().casefold()
    return next((i for i, h in enumerate(header) if h.strip().casefold() == wanted), None)


def lms_export(system: str, roster: Roster, settings: LmsSettings, roster_column: str | None = None) -> LmsExport:
    """How the import file is written, checked against the roster: a column named by the
    configuration (or ``--roster-column``) must be in it."""
    header = roster.header
    named = roster_column or settings.roster_column
    if named:
        index = _column(header, named)
        if index is None:
            raise ConfigError(f"--roster {roster.source}: no column {named!r} (its columns: {', '.join(h for h in header if h)})")
        keys: tuple[int, ...] = (index,)
    else:
        found = [_column(header, n) for n in (CANVAS_KEYS if system == "canvas" else MOODLE_KEYS)]
        keys = tuple(i for i in found if i is not None)
        if not keys:
            names = ", ".join(CANVAS_KEYS if system == "canvas" else MOODLE_KEYS)
            raise ConfigError(f"--roster {roster.source}: none of the columns {names}; name the one that holds the folder names with --roster-column")
    assignment = settings.assignment or DEFAULT_ASSIGNMENT
    if system == "canvas":
        column, possible = _canvas_column(roster, assignment)
        scale = settings.points if settings.points is not None else possible
        if settings.points is not None and possible is not None and abs(settings.points - possible) > 1e-9:
            raise ConfigError(
                f"[lms] points = {settings.points:g}, but {column!r} in the roster has {possible:g} points possible "
                "(change one; the import would change the assignment's points possible)"
            )
        return LmsExport(system, roster, keys, column, scale)
    identity = _column(header, settings.identity) if settings.identity else next(
        (i for i in (_column(header, n) for n in MOODLE_IDENTITY) if i is not None), None
    )
    if identity is None:
        wanted = settings.identity or " or ".join(MOODLE_IDENTITY)
        raise ConfigError(f"--roster {roster.source}: no column {wanted} to identify the students by (name one with [lms] identity)")
    return LmsExport(system, roster, keys, assignment, settings.points, identity)


def _canvas_column(roster: Roster, assignment: str) -> tuple[str, float | None]:
    """The roster's column for the assignment (by its title, or title and ID), with its
    points possible; else the assignment's name, a new column."""
    title = _TITLE_ID.match(assignment)
    for index in range(roster.student_columns, len(roster.header)):
        head = roster.header[index]
        match = _TITLE_ID.match(head)
        if head == assignment or (match and match.group(1) == (title.group(1) if title else assignment)):
            possible = None
            if roster.points_row is not None:
                try:
                    possible = float(roster.points_row[index].replace(",", "."))
                except ValueError:
                    possible = None
            return head, possible
    return assignment, None


# --- matching --------------------------------------------------------------------------


def _norm(value: str) -> str:
    return value.strip().casefold()


def _row_label(export: LmsExport, index: int) -> str:
    roster, row = export.roster, export.roster.rows[index]
    ids = ", ".join(f"{roster.header[k]} {row[k]}" for k in export.keys if row[k])
    if roster.system == "canvas":
        name = row[0] if roster.header[0] != "LastName" else f"{row[0]}, {row[1]}"
    else:
        first, last = _column(roster.header, "First name"), _column(roster.header, "Last name")
        name = " ".join(row[i] for i in (first, last) if i is not None and row[i])
    return f"{name} ({ids})" if name else f"row {index + 2} ({ids})"


def match_students(export: LmsExport, students: list[str]) -> Matching:
    """Each folder to the one roster row whose key column holds its name (or, for an email
    address, the part before the @), without regard to case. A folder that matches none or
    several rows, a row that several folders match, and a row no folder matches are listed."""
    index: dict[str, set[int]] = {}
    for i, row in enumerate(export.roster.rows):
        for k in export.keys:
            value = _norm(row[k])
            if not value:
                continue
            index.setdefault(value, set()).add(i)
            if "@" in value:
                index.setdefault(value.split("@", 1)[0], set()).add(i)
    columns = " or ".join(export.roster.header[k] for k in export.keys)
    matching = Matching()
    claimed: dict[int, list[str]] = {}
    listed: set[int] = set()  # rows already listed with a folder that matches several
    for student in students:
        rows = sorted(index.get(_norm(student), set()))
        if not rows:
            matching.unmatched.append((NO_ROW, student, "", f"no roster row has {student} in {columns}: not in the import file"))
        elif len(rows) > 1:
            listed.update(rows)
            labels = "; ".join(_row_label(export, i) for i in rows)
            matching.unmatched.append((AMBIGUOUS, student, labels, f"{student} matches {len(rows)} roster rows: not in the import file"))
        else:
            claimed.setdefault(rows[0], []).append(student)
    for row, folders in sorted(claimed.items()):
        if len(folders) == 1:
            matching.rows[folders[0]] = row
            continue
        for folder in folders:
            others = ", ".join(f for f in folders if f != folder)
            matching.unmatched.append(
                (AMBIGUOUS, folder, _row_label(export, row), f"the folders {folder} and {others} match one roster row: neither is in the import file")
            )
    listed |= set(claimed)
    for i in range(len(export.roster.rows)):
        if i not in listed:
            matching.unmatched.append((NO_FOLDER, "", _row_label(export, i), "no submission folder has this student's name: not in the import file"))
    return matching


# --- the files -------------------------------------------------------------------------


def _score(grading: ClassGrading, export: LmsExport, student: str) -> str:
    points = final_points(grading, student)
    if export.scale is not None:
        top = max_points(grading)
        points = points * export.scale / top if top else 0.0
    return show_points(round(points, 2))


def import_csv(grading: ClassGrading, export: LmsExport, matching: Matching) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")  # as both LMSs export theirs
    roster = export.roster
    graded = [s for s in grading.students if s in matching.rows and student_done(grading, s)]
    if export.system == "canvas":
        info = list(roster.header[: roster.student_columns])
        writer.writerow(info + [export.column])
        top = export.scale if export.scale is not None else max_points(grading)
        writer.writerow([POINTS_POSSIBLE] + [""] * (len(info) - 1) + [show_points(top)])
        for student in sorted(graded, key=lambda s: matching.rows[s]):  # in the roster's order
            row = roster.rows[matching.rows[student]]
            writer.writerow(list(row[: roster.student_columns]) + [_score(grading, export, student)])
    else:
        assert export.identity is not None
        writer.writerow([roster.header[export.identity], export.column])
        for student in sorted(graded, key=lambda s: matching.rows[s]):
            writer.writerow([roster.rows[matching.rows[student]][export.identity], _score(grading, export, student)])
    return out.getvalue()


def unmatched_csv(matching: Matching) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(UNMATCHED_COLUMNS)
    writer.writerows(matching.unmatched)
    return out.getvalue()


def lms_files(grading: ClassGrading, export: LmsExport) -> dict[str, str]:
    """The import file and the list of what was not matched."""
    matching = match_students(export, grading.students)
    return {export.file_name: import_csv(grading, export, matching), UNMATCHED_FILE: unmatched_csv(matching)}


def lms_summary(grading: ClassGrading, export: LmsExport) -> list[str]:
    """Lines for the command's output: what was written, and every unmatched folder or row."""
    matching = match_students(export, grading.students)
    written = sum(1 for s in grading.students if s in matching.rows and student_done(grading, s))
    scale = f", scores out of {show_points(export.scale)}" if export.scale is not None else ""
    lines = [f"{export.system}: {written} students in {export.file_name} (column {export.column!r}{scale})"]
    if not matching.unmatched:
        lines.append(f"every folder and roster row matched ({export.roster.source})")
        return lines
    lines.append(
        f"not matched ({UNMATCHED_FILE}): {matching.count(NO_ROW)} folders without a roster row, "
        f"{matching.count(NO_FOLDER)} roster rows without a folder, {matching.count(AMBIGUOUS)} ambiguous"
    )
    for kind, folder, row, _detail in matching.unmatched:
        lines.append(f"  {kind}: {folder or row}" + (f" → {row}" if folder and row else ""))
    if export.system == "moodle":
        over = [s for s in grading.students if s in matching.rows and float(_score(grading, export, s) or 0) > 100]
        if over:
            lines.append(
                f"note: {len(over)} scores are above 100, which Moodle refuses by default (its gradepointmax): set [lms] points"
            )
    return lines
