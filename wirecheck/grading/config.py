"""The grading configuration (TOML): which protocols, the points, what students see.

    protocols = ["clock", "clock-udp"]   # default: every protocol whose file is in a submission
    seed = 20261124                      # default: a random one, recorded in every output
    profile = "grading"                  # quick, default, deep or grading (the default here)
    examples = 20                        # Hypothesis examples per requirement (default: the profile's)
    time_limit = 600                     # seconds for one student × protocol
    jobs = 4                             # checks at once (default: the machine's cores)
    count_hidden = true                  # hidden requirements still count in the total
    intermittent_credit = 0.5            # share of the points for a failure that shows only sometimes (default 0)
    regrade = "never-lower"              # a regrade keeps the earlier grading's score when it was higher
    best_of = true                       # several submissions per student (a folder each): the best counts

    [files]                              # file names per protocol (default: the standard's)
    clock = ["clockserver.py", "clock_server.py"]

    [points]                             # default: 2 per MUST, 1 per SHOULD
    MUST = 2
    SHOULD = 1
    CLOCK-5 = 4                          # one requirement

    [visibility]                         # visible, hidden, after_published, after_due_date
    CLOCK-5 = "hidden"

    [env]                                # set in every server's environment
    SECRET = "42"

    [late]                               # a late penalty, from each submission's time
    due = 2026-11-24T23:59:00+01:00      # with its UTC offset
    per_day = 0.1                        # share of the points earned lost per day late (a day begun counts)
    cap = 0.5                            # the most a submission loses
    times = "git"                        # the folder's last commit time, or a CSV file (student,submitted_at)

    [lms]                                # grade --lms canvas|moodle --roster ROSTER.csv
    assignment = "Lab 3"                 # the gradebook column (default: wirecheck)
    roster_column = "SIS Login ID"       # the roster column holding the folder names (default: any identity column)
    identity = "Email address"           # Moodle: the roster column written as the identity field
    points = 10                          # the scores scaled to this maximum (default: the assignment's, else wirecheck's)

Every mistake is a ConfigError that says where it is: ``config.toml: points.CLOCK-1:
expected a number``."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

try:
    import tomllib
except ImportError:  # Python 3.10: the same parser, as a package
    import tomli as tomllib  # type: ignore[no-redef]

from protocols import PROTOCOLS, Level, Protocol

from ..core.errors import ConfigError
from ..drive.profiles import PROFILES
from .model import VISIBILITIES, ProtocolScheme, RequirementScheme

DEFAULT_LEVEL_POINTS = {Level.MUST: 2.0, Level.SHOULD: 1.0}
DEFAULT_TIME_LIMIT = 600.0
DEFAULT_PROFILE = "grading"  # the default profile with example budgets measured on the fixtures
_TOP_KEYS = {
    "protocols", "seed", "profile", "examples", "time_limit", "jobs", "count_hidden", "intermittent_credit",
    "files", "points", "visibility", "env", "regrade", "best_of", "late", "lms", "address_must_match",
}
REGRADE = ("replace", "never-lower")
GIT_TIMES = "git"


@dataclass(frozen=True)
class LatePolicy:
    """A late penalty: a submission after ``due`` loses ``per_day`` of the points it earned
    for each day (a day begun counts) it was late, at most ``cap``. ``times``: "git" (the
    submission folder's last commit) or the path of a CSV file of submission times."""

    due: datetime  # with its offset
    per_day: float
    cap: float
    times: str

    def to_dict(self) -> dict[str, Any]:
        return {"due": self.due.isoformat(), "per_day": self.per_day, "cap": self.cap, "times": self.times}


@dataclass(frozen=True)
class LmsSettings:
    """How ``grade --lms`` writes the LMS's import file (see wirecheck.grading.lms)."""

    assignment: str | None = None  # the gradebook column's name (Canvas: "Title" or "Title (ID)")
    roster_column: str | None = None  # the roster column that holds the students' folder names
    identity: str | None = None  # Moodle: the roster column written as the identity field
    points: float | None = None  # the scores scaled to this maximum

    def to_dict(self) -> dict[str, Any]:
        return {"assignment": self.assignment, "roster_column": self.roster_column, "identity": self.identity, "points": self.points}


@dataclass(frozen=True)
class GradingConfig:
    source: str = "(defaults)"
    protocols: tuple[str, ...] | None = None
    seed: int | None = None
    profile: str = DEFAULT_PROFILE
    examples: int | None = None
    time_limit: float = DEFAULT_TIME_LIMIT
    jobs: int | None = None
    count_hidden: bool = True
    intermittent_credit: float = 0.0
    files: dict[str, tuple[str, ...]] = field(default_factory=dict)
    level_points: dict[Level, float] = field(default_factory=lambda: dict(DEFAULT_LEVEL_POINTS))
    requirement_points: dict[str, float] = field(default_factory=dict)
    visibility: dict[str, str] = field(default_factory=dict)
    env: dict[str, str] = field(default_factory=dict)
    regrade: str = "replace"
    best_of: bool = False
    late: LatePolicy | None = None
    lms: LmsSettings = field(default_factory=LmsSettings)

    @property
    def has_policies(self) -> bool:
        """Whether any policy changes a score after its points are counted."""
        return self.regrade != "replace" or self.best_of or self.late is not None
    address_must_match: bool = False  # C-ADDR costs the protocol's points

    def file_names(self, protocol: Protocol) -> tuple[str, ...]:
        return self.files.get(protocol.name, (protocol.filename,))

    def points_for(self, req_id: str, level: Level) -> float:
        return self.requirement_points.get(req_id, self.level_points[level])

    def to_dict(self) -> dict[str, Any]:
        """The configuration as recorded in results.json (enough to merge shards safely)."""
        return {
            "source": self.source,
            "protocols": list(self.protocols) if self.protocols is not None else None,
            "profile": self.profile,
            "examples": self.examples,
            "time_limit": self.time_limit,
            "count_hidden": self.count_hidden,
            "intermittent_credit": self.intermittent_credit,
            "files": {k: list(v) for k, v in sorted(self.files.items())},
            "points": {**{str(k): v for k, v in self.level_points.items()}, **dict(sorted(self.requirement_points.items()))},
            "visibility": dict(sorted(self.visibility.items())),
            "env": dict(sorted(self.env.items())),
            "regrade": self.regrade,
            "best_of": self.best_of,
            "late": self.late.to_dict() if self.late is not None else None,
            "lms": self.lms.to_dict(),
            "address_must_match": self.address_must_match,
        }


def load_config(path: str | Path) -> GradingConfig:
    """Read and check a TOML configuration file."""
    source = str(path)
    try:
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
    except FileNotFoundError:
        raise ConfigError(f"{source}: no such file") from None
    except OSError as exc:
        raise ConfigError(f"{source}: cannot be read ({exc.strerror or exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{source}: not valid TOML ({exc})") from None
    return parse_config(data, Path(source).name, Path(source).resolve().parent)


def parse_config(data: dict[str, Any], source: str = "config.toml", base: Path | None = None) -> GradingConfig:
    """Check a parsed configuration; ``source`` names it in errors, and a file it names (a
    CSV of submission times) is found from ``base`` (the configuration's folder)."""

    def fail(where: str, message: str) -> ConfigError:
        return ConfigError(f"{source}: {where}: {message}")

    unknown = sorted(set(data) - _TOP_KEYS)
    if unknown:
        raise fail(unknown[0], f"unknown setting (known: {', '.join(sorted(_TOP_KEYS))})")
    all_ids = {r.id: r for p in PROTOCOLS.values() for r in p.requirements}

    protocols = None
    if "protocols" in data:
        names = _string_list(data["protocols"], lambda m: fail("protocols", m))
        for name in names:
            if name not in PROTOCOLS:
                raise fail("protocols", f"unknown protocol {name!r} (known: {', '.join(PROTOCOLS)})")
        protocols = tuple(dict.fromkeys(names))

    seed = data.get("seed")
    if seed is not None and (not _is_int(seed) or seed < 0):
        raise fail("seed", "expected a whole number from 0 up")

    profile = data.get("profile", DEFAULT_PROFILE)
    if profile not in PROFILES:
        raise fail("profile", f"expected one of {', '.join(PROFILES)}")

    examples = data.get("examples")
    if examples is not None and (not _is_int(examples) or examples < 1):
        raise fail("examples", "expected a whole number from 1 up")

    time_limit = data.get("time_limit", DEFAULT_TIME_LIMIT)
    if not _is_number(time_limit) or time_limit <= 0:
        raise fail("time_limit", "expected a number of seconds above 0")

    jobs = data.get("jobs")
    if jobs is not None and (not _is_int(jobs) or jobs < 1):
        raise fail("jobs", "expected a whole number from 1 up")

    count_hidden = data.get("count_hidden", True)
    if not isinstance(count_hidden, bool):
        raise fail("count_hidden", "expected true or false")

    intermittent_credit = data.get("intermittent_credit", 0.0)
    if not _is_number(intermittent_credit) or not 0 <= intermittent_credit <= 1:
        raise fail("intermittent_credit", "expected a number from 0 to 1")

    files: dict[str, tuple[str, ...]] = {}
    for name, value in _table(data, "files", fail).items():
        if name not in PROTOCOLS:
            raise fail(f"files.{name}", "no such protocol")
        names = _string_list(value, lambda m, n=name: fail(f"files.{n}", m), allow_single=True)
        if not names:
            raise fail(f"files.{name}", "expected at least one file name")
        for item in names:
            if Path(item).is_absolute() or ".." in Path(item).parts:
                raise fail(f"files.{name}", f"{item!r} is not a path inside a submission folder")
        files[name] = tuple(names)

    level_points = dict(DEFAULT_LEVEL_POINTS)
    requirement_points: dict[str, float] = {}
    for key, value in _table(data, "points", fail).items():
        if not _is_number(value) or value < 0:
            raise fail(f"points.{key}", "expected a number")
        if key in ("MUST", "SHOULD"):
            level_points[Level(key)] = float(value)
        elif key in all_ids:
            requirement_points[key] = float(value)
        else:
            raise fail(f"points.{key}", "no such requirement or level (MUST, SHOULD, or an ID like CLOCK-1)")

    visibility: dict[str, str] = {}
    for key, value in _table(data, "visibility", fail).items():
        if key not in all_ids:
            raise fail(f"visibility.{key}", "no such requirement")
        if value not in VISIBILITIES:
            raise fail(f"visibility.{key}", f"expected one of {', '.join(VISIBILITIES)}")
        visibility[key] = value

    env: dict[str, str] = {}
    for key, value in _table(data, "env", fail).items():
        if not isinstance(value, (str, int)) or isinstance(value, bool):
            raise fail(f"env.{key}", "expected a string")
        env[key] = str(value)

    regrade = data.get("regrade", "replace")
    if regrade not in REGRADE:
        raise fail("regrade", f"expected one of {', '.join(REGRADE)}")

    best_of = data.get("best_of", False)
    if not isinstance(best_of, bool):
        raise fail("best_of", "expected true or false")

    late = _late(data, fail, base or Path.cwd())
    lms = _lms(data, fail)
    address_must_match = data.get("address_must_match", False)
    if not isinstance(address_must_match, bool):
        raise fail("address_must_match", "expected true or false")

    return GradingConfig(
        source=source,
        address_must_match=address_must_match,
        protocols=protocols,
        seed=seed,
        profile=profile,
        examples=examples,
        time_limit=float(time_limit),
        jobs=jobs,
        count_hidden=count_hidden,
        intermittent_credit=float(intermittent_credit),
        files=files,
        level_points=level_points,
        requirement_points=requirement_points,
        visibility=visibility,
        env=env,
        regrade=regrade,
        best_of=best_of,
        late=late,
        lms=lms,
    )


_LATE_KEYS = {"due", "per_day", "cap", "times"}
_LMS_KEYS = {"assignment", "roster_column", "identity", "points"}


def _late(data: dict, fail, base: Path) -> LatePolicy | None:
    if "late" not in data:
        return None
    table = _table(data, "late", fail)
    unknown = sorted(set(table) - _LATE_KEYS)
    if unknown:
        raise fail(f"late.{unknown[0]}", f"unknown setting (known: {', '.join(sorted(_LATE_KEYS))})")
    for key in ("due", "per_day"):
        if key not in table:
            raise fail(f"late.{key}", "missing (a late policy needs due and per_day)")
    due = parse_time(table["due"], lambda m: fail("late.due", m))
    per_day = table["per_day"]
    if not _is_number(per_day) or not 0 < per_day <= 1:
        raise fail("late.per_day", "expected a share of the points from 0 to 1, like 0.1 for 10% a day")
    cap = table.get("cap", 1.0)
    if not _is_number(cap) or not 0 <= cap <= 1:
        raise fail("late.cap", "expected a share of the points from 0 to 1")
    times = table.get("times", GIT_TIMES)
    if not isinstance(times, str) or not times:
        raise fail("late.times", 'expected "git" or the name of a CSV file (student,submitted_at)')
    if times != GIT_TIMES:
        times = str((base / times) if not Path(times).is_absolute() else Path(times))
    return LatePolicy(due, float(per_day), float(cap), times)


def _lms(data: dict, fail) -> LmsSettings:
    table = _table(data, "lms", fail)
    unknown = sorted(set(table) - _LMS_KEYS)
    if unknown:
        raise fail(f"lms.{unknown[0]}", f"unknown setting (known: {', '.join(sorted(_LMS_KEYS))})")
    texts = {}
    for key in ("assignment", "roster_column", "identity"):
        value = table.get(key)
        if value is not None and (not isinstance(value, str) or not value.strip()):
            raise fail(f"lms.{key}", "expected a name")
        texts[key] = value.strip() if value is not None else None
    points = table.get("points")
    if points is not None and (not _is_number(points) or points <= 0):
        raise fail("lms.points", "expected a number of points above 0")
    return LmsSettings(points=float(points) if points is not None else None, **texts)


def parse_time(value, fail) -> datetime:
    """A moment with its UTC offset: a TOML offset date-time, or ISO 8601 text
    (``2026-11-24T23:59:00+01:00``, ``...Z``). A time without an offset is refused: the
    same words mean different moments on the grader's machine and the students'."""
    if isinstance(value, str):
        text = value.strip()
        if text.endswith(("Z", "z")):
            text = text[:-1] + "+00:00"
        try:
            value = datetime.fromisoformat(text)
        except ValueError:
            raise fail(f"{value!r} is not a date and time like 2026-11-24T23:59:00+01:00") from None
    if isinstance(value, datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise fail(f"{value.isoformat()} has no UTC offset: write it like 2026-11-24T23:59:00+01:00 (or Z for UTC)")
        return value
    if isinstance(value, date):
        raise fail(f"{value.isoformat()} is a date without a time and UTC offset: write it like {value.isoformat()}T23:59:00+00:00")
    raise fail("expected a date and time with its UTC offset, like 2026-11-24T23:59:00+01:00")


def utc_text(moment: datetime) -> str:
    """A moment as people read it: ``2026-11-24 22:59 UTC``."""
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


def build_scheme(protocol: Protocol, config: GradingConfig, checked: set[str]) -> ProtocolScheme:
    """The protocol's requirements with their points and visibility. ``checked``: the IDs
    the suite has a check for."""
    requirements = []
    for req in protocol.requirements:
        visibility = config.visibility.get(req.id, "visible")
        requirements.append(
            RequirementScheme(
                id=req.id,
                level=req.level,
                text=req.text,
                points=config.points_for(req.id, req.level),
                visibility=visibility,
                counted=visibility == "visible" or config.count_hidden,
                checked=req.id in checked,
                intermittent_credit=config.intermittent_credit,
            )
        )
    return ProtocolScheme(protocol.name, protocol.filename, tuple(requirements), config.address_must_match)


def _table(data: dict, key: str, fail) -> dict:
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise fail(key, "expected a table")
    return value


def _string_list(value, fail, allow_single: bool = False) -> list[str]:
    if allow_single and isinstance(value, str):
        return [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise fail("expected a list of names" + (" (or one name)" if allow_single else ""))
    return list(value)


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
