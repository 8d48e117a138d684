"""When each submission was handed in, for a late penalty: the submission folder's last git
commit, or a CSV file the instructor gives (``student,submitted_at``, from the LMS or the
hand-in system). A submission whose time cannot be found gets None and the reason; the
policy then says so for that student rather than guess."""

from __future__ import annotations

import csv
import io
import subprocess
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ..core.errors import ConfigError
from .config import GIT_TIMES, parse_time

# git is asked for a time only: none of the repository's own settings that could run a
# program (a student's .git/config is theirs) or page the output applies.
_GIT = [
    "git", "--no-pager",
    "-c", "safe.directory=*", "-c", "core.fsmonitor=false", "-c", "log.showSignature=false",
]
GIT_TIMEOUT = 20.0


@dataclass(frozen=True)
class SubmittedAt:
    time: datetime | None
    source: str  # where the time comes from, or why there is none


def git_time(folder: Path) -> SubmittedAt:
    """The committer time of the last commit that touched ``folder``."""
    try:
        done = subprocess.run(
            [*_GIT, "-C", str(folder), "log", "-1", "--format=%cI", "--", "."],
            capture_output=True, text=True, timeout=GIT_TIMEOUT, stdin=subprocess.DEVNULL,
        )
    except FileNotFoundError:
        return SubmittedAt(None, "git is not installed")
    except (OSError, subprocess.TimeoutExpired) as exc:
        return SubmittedAt(None, f"git could not be asked ({exc})")
    text = done.stdout.strip()
    if done.returncode != 0 or not text:
        return SubmittedAt(None, "no git commit in the folder")
    try:
        return SubmittedAt(parse_time(text, ValueError), "its last git commit")
    except ValueError:
        return SubmittedAt(None, f"git gave an unreadable time {text!r}")


def read_times(path: str) -> dict[str, datetime]:
    """The CSV file of submission times: a header with ``student`` and ``submitted_at``
    (ISO 8601 with a UTC offset); a student is a folder name, or ``student/submission`` for
    one of several submissions. A bad row is an error that names its line."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ConfigError(f"late.times: {path}: no such file") from None
    except OSError as exc:
        raise ConfigError(f"late.times: {path}: cannot be read ({exc.strerror or exc})") from None
    reader = csv.DictReader(io.StringIO(text))
    fields = [f.strip().lower() for f in reader.fieldnames or []]
    if "student" not in fields or "submitted_at" not in fields:
        raise ConfigError(f"late.times: {path}: expected a header with the columns student and submitted_at")
    times: dict[str, datetime] = {}
    for row in reader:
        row = {str(k).strip().lower(): (v or "").strip() for k, v in row.items() if k is not None}
        student, moment = row.get("student", ""), row.get("submitted_at", "")
        line = reader.line_num
        if not student:
            raise ConfigError(f"late.times: {path}: line {line}: no student")
        if student in times:
            raise ConfigError(f"late.times: {path}: line {line}: {student} is listed twice")
        times[student] = parse_time(moment, lambda m, n=line: ConfigError(f"late.times: {path}: line {n}: {m}"))
    return times


class SubmissionTimes:
    """Each submission's time, as the late policy's ``times`` says: git, or the CSV file
    (read once, when this is made: a bad file is an error before any check runs)."""

    def __init__(self, times: str) -> None:
        self.spec = times
        self.table = None if times == GIT_TIMES else read_times(times)

    def of(self, student: str, submission: str | None, folder: Path) -> SubmittedAt:
        if self.table is None:
            return git_time(folder)
        name = Path(self.spec).name
        for key in ([f"{student}/{submission}"] if submission else []) + [student]:
            if key in self.table:
                return SubmittedAt(self.table[key], name)
        return SubmittedAt(None, f"not in {name}")
