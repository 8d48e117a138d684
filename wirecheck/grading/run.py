"""Grading a class, grading one Gradescope or PrairieLearn submission, merging shards: the
plans and the loops that tie discovery, the scheduler, scoring, the policies and the writers
together. Nothing here prints; progress is reported through a callback."""

from __future__ import annotations

import hashlib
import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from protocols import get_protocol

from ..checks import checked_protocols, checks_for
from ..core.errors import ConfigError
from ..core.results import CheckResult
from .config import GradingConfig, build_scheme
from .discovery import attempts_of, locate, parse_shard, present_protocols, shard, student_folders, submission
from .files import write_atomic
from .gradescope import gradescope_text
from .lms import LmsExport, lms_export, load_roster
from .model import GRADED, MISSING, PENDING, Attempt, ClassGrading, Outcome
from .outputs import remove_student_files, write_class_files, write_outputs, write_student_files
from .policies import apply_policies
from .prairielearn import DONE, OUT_OF_TIME, RUNNING, prairielearn_text
from .results_json import grading_from_results
from .scheduler import Job, JobReport, Scheduler, WorkerSettings
from .times import SubmissionTimes, SubmittedAt


@dataclass
class Progress:
    """What a progress display needs, updated as checks finish."""

    total: int
    done: int = 0
    failing: int = 0  # finished checks in which some requirement failed or errored
    started: float = field(default_factory=time.monotonic)
    jobs: int = 1
    seconds: list[float] = field(default_factory=list)

    def eta(self) -> float | None:
        """Seconds left, from the mean time of the checks so far."""
        if not self.seconds or self.done >= self.total:
            return None if self.done < self.total else 0.0
        mean = sum(self.seconds) / len(self.seconds)
        return mean * (self.total - self.done) / self.jobs

    def add(self, result: CheckResult, seconds: float) -> None:
        self.done += 1
        self.seconds.append(seconds)
        if any(r.verdict in ("fail", "not shown", "error") for r in result.requirements):
            self.failing += 1


@dataclass(frozen=True)
class GradeOptions:
    protocols: list[str] | None = None  # from the command line; else the config's; else found
    seed: int | None = None
    jobs: int | None = None
    profile: str | None = None
    examples: int | None = None
    time_limit: float | None = None
    shard: str | None = None
    python: str | None = None  # the interpreter the servers run under (checked); None: the default
    compare: str | None = None  # an earlier grading's output folder (or its results.json)
    lms: str | None = None  # canvas or moodle: write the LMS's import file (with roster)
    roster: str | None = None  # the roster exported from the LMS
    roster_column: str | None = None  # the roster column holding the folder names (default: the LMS's identity columns)


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def choose_protocols(requested: list[str] | None, config: GradingConfig, folders: list[Path]) -> list[str]:
    checked = checked_protocols()
    names = requested if requested is not None else (list(config.protocols) if config.protocols is not None else None)
    if names is None:
        names = present_protocols(folders, checked, config)
        if not names:
            known = ", ".join(get_protocol(n).filename for n in checked)
            raise ConfigError(f"no submission holds a server file of a protocol with checks (looked for {known})")
        return names
    for name in names:
        get_protocol(name)
        if name not in checked:
            raise ConfigError(f"{name} has no checks yet (protocols with checks: {', '.join(checked)})")
    return list(dict.fromkeys(names))


def missing_result(protocol: str, display: str, seed: int, names: tuple[str, ...]) -> CheckResult:
    looked = " or ".join(names)
    return CheckResult.all_errors(get_protocol(protocol), display, seed, f"missing file: no {looked} in the submission")


def plan_class(
    root: Path, config: GradingConfig, options: GradeOptions, seed: int, out: Path | None = None
) -> tuple[ClassGrading, list[Job], dict[str, Attempt]]:
    """The grading of every student (of the shard) × protocol, the checks to run, and each
    submission graded (with ``best_of``, a student's several submissions are graded each
    under a name of its own, ``student/submission``). An output folder inside ``root`` is
    not a student."""
    parts = parse_shard(options.shard) if options.shard else None
    folders = [f for f in student_folders(root) if out is None or f.resolve() != out.resolve()]
    if not folders:
        raise ConfigError(f"{root}: no student folders in it")
    protocols = choose_protocols(options.protocols, config, folders)
    schemes = {name: build_scheme(get_protocol(name), config, set(checks_for(name))) for name in protocols}
    students = [f.name for f in folders]
    shard_text = None
    if parts is not None:
        k, n = parts
        students = shard(students, k, n)
        shard_text = f"{k}/{n}"
    by_name = {f.name: f for f in folders}
    attempts = {a.key: a for student in students for a in attempts_of(student, by_name[student], config.best_of)}
    grading = ClassGrading(seed=seed, schemes=schemes, students=list(attempts), settings=_settings(config, options, protocols, shard_text))
    jobs: list[Job] = []
    for student, attempt in attempts.items():
        assert attempt.folder is not None
        found = submission(attempt.folder, protocols, config, student)
        for name in protocols:
            path = found.files[name]
            if path is None:
                display = f"{student}/{schemes[name].filename}"
                result = missing_result(name, display, seed, config.file_names(get_protocol(name)))
                grading.outcomes[(student, name)] = Outcome(student, name, None, MISSING, result)
                continue
            display = path.relative_to(root).as_posix()
            grading.outcomes[(student, name)] = Outcome(student, name, display, PENDING, digest=file_digest(path))
            jobs.append(Job(student, name, path.resolve(), display))
    return grading, jobs, attempts


def lms_setup(options: GradeOptions, config: GradingConfig) -> LmsExport | None:
    """The roster read and checked before any check runs (a wrong one is an error now)."""
    if options.lms is None and options.roster is None:
        if options.roster_column:
            raise ConfigError("--roster-column needs --lms and --roster")
        return None
    if options.lms is None or options.roster is None:
        raise ConfigError("--lms and --roster go together: the LMS (canvas or moodle) and the roster exported from it")
    return lms_export(options.lms, load_roster(options.roster, options.lms), config.lms, options.roster_column)


def submission_times(config: GradingConfig, attempts: dict[str, Attempt]) -> dict[str, SubmittedAt]:
    """Each submission's time, for a late policy (none without one); read before any check,
    so a bad times file is an error before the grading, not after."""
    if config.late is None:
        return {}
    times = SubmissionTimes(config.late.times)
    return {key: times.of(a.student, a.submission, a.folder or Path(".")) for key, a in attempts.items()}


def earlier_grading(options: GradeOptions, config: GradingConfig, out: Path) -> tuple[ClassGrading, str | None] | None:
    """The grading to compare with: ``--compare``'s, else, for a regrade that never lowers a
    score, the one in ``out`` (read before out is rewritten: it may be out)."""
    if options.compare:
        return read_results(Path(options.compare))
    if config.regrade == "never-lower" and (out / "results.json").is_file():
        return read_results(out)
    return None


def finish_class(
    grading: ClassGrading,
    config: GradingConfig,
    attempts: dict[str, Attempt],
    times: dict[str, SubmittedAt],
    earlier: tuple[ClassGrading, str | None] | None,
) -> ClassGrading:
    """A finished grading with the policies applied (one entry per student) and compared
    with the earlier grading, if any."""
    from .. import __version__
    from .changes import compare, policy_rows

    final = grading
    if config.has_policies:
        final = apply_policies(grading, config, attempts, times, earlier[0] if earlier else None)
    if earlier is not None:
        old, old_version = earlier
        final.changes = compare(old, final, old_version, __version__)
    elif final.policies:
        final.changes = policy_rows(final, __version__)
    return final


def file_digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def _settings(config: GradingConfig, options: GradeOptions, protocols: list[str], shard_text: str | None) -> dict:
    return {
        "protocols": protocols,
        "profile": options.profile or config.profile,
        "examples": options.examples or config.examples,
        "time_limit": options.time_limit or config.time_limit,
        "config": config.to_dict(),
        "shard": shard_text,
        "python": options.python,  # as named; None: the default
        "interpreter": _interpreter(options.python),  # what ran the servers, as the reports say
    }


def _interpreter(python: str | None) -> str:
    from ..harness.sandbox import interpreter_description

    return interpreter_description(python)


def worker_settings(grading: ClassGrading, config: GradingConfig) -> WorkerSettings:
    s = grading.settings
    return WorkerSettings(grading.seed, s["profile"], s["examples"], float(s["time_limit"]), dict(config.env), s.get("python"))


def record(grading: ClassGrading, report: JobReport) -> Outcome:
    outcome = grading.outcome(report.job.student, report.job.protocol)
    outcome.result = report.result
    outcome.state = GRADED
    outcome.seconds = report.seconds
    return outcome


class ClassFilesPace:
    """The class files (results.json, report.html...) hold every student, so writing them
    costs more as the class grows (0.2 CPU-s for 1000 students × 3 protocols), and a check
    ends every second or two: rewritten after every check, they would cost the grader more
    than the checks in a large class. They are rewritten after a check at most once per
    ``EVERY`` seconds, or per twenty times their own last cost when that is longer (at most
    a twentieth of a core), and always at the end; a student's own feedback is written the
    moment their check ends."""

    EVERY = 2.0

    def __init__(self) -> None:
        self.last = 0.0
        self.cost = 0.0

    def maybe_write(self, out: Path, grading: ClassGrading) -> None:
        now = time.monotonic()
        if now - self.last < max(self.EVERY, 20 * self.cost):
            return
        began = time.process_time()
        write_class_files(out, grading)
        self.cost = time.process_time() - began
        self.last = time.monotonic()


def grade_class(
    root: Path,
    out: Path,
    config: GradingConfig,
    options: GradeOptions,
    seed: int,
    on_progress: Callable[[Progress], None] | None = None,
    scheduler: Callable[..., Scheduler] | None = None,
) -> ClassGrading:
    """Grade every submission under ``root`` into ``out``; outputs are rewritten as checks
    end (the class files paced, see ClassFilesPace), so they are valid at any moment. An interrupt (KeyboardInterrupt) marks
    them interrupted and is raised again. Once every check has ended, the configuration's
    policies are applied and the outputs written for the students (not their submissions).
    ``scheduler`` runs the checks (a test's stands in for servers)."""
    export = lms_setup(options, config)
    grading, jobs, attempts = plan_class(root, config, options, seed, out)
    grading.lms = export
    times = submission_times(config, attempts)
    earlier = earlier_grading(options, config, out)  # before out is rewritten: it may be out
    jobs_n = options.jobs or config.jobs or default_jobs()
    grading.settings["jobs"] = jobs_n
    progress = Progress(total=len(jobs), jobs=jobs_n)
    write_outputs(out, grading)
    if on_progress:
        on_progress(progress)

    pace = ClassFilesPace()

    def done(report: JobReport) -> None:
        record(grading, report)
        progress.add(report.result, report.seconds)
        write_student_files(out, grading, report.job.student)
        pace.maybe_write(out, grading)
        if on_progress:
            on_progress(progress)

    try:
        (scheduler or Scheduler)(worker_settings(grading, config), jobs_n).run(
            jobs, done, (lambda: on_progress(progress)) if on_progress else None
        )
    except BaseException:
        grading.interrupted = True
        write_outputs(out, grading)
        raise
    grading.complete = True
    final = finish_class(grading, config, attempts, times, earlier)
    if final is grading:
        write_class_files(out, final)
        return final
    for name in grading.students:  # each submission's own files give way to the student's
        if name not in final.students:
            remove_student_files(out, name)
    write_outputs(out, final)
    return final


# --- Gradescope ----------------------------------------------------------------------------

GRADESCOPE_STUDENT = "submission"


def grade_gradescope(
    submission_dir: Path,
    results: Path,
    config: GradingConfig,
    options: GradeOptions,
    seed: int,
    on_progress: Callable[[Progress], None] | None = None,
) -> ClassGrading:
    """Grade one submission and write Gradescope's results.json after every check."""
    begun = time.monotonic()
    student = GRADESCOPE_STUDENT
    grading, jobs = plan_submission(submission_dir, student, config, options, seed)
    jobs_n = options.jobs or config.jobs or default_jobs()
    grading.settings["jobs"] = jobs_n
    progress = Progress(total=len(jobs), jobs=jobs_n)

    def write() -> None:
        write_atomic(results, gradescope_text(grading, student, time.monotonic() - begun))

    write()

    def done(report: JobReport) -> None:
        record(grading, report)
        progress.add(report.result, report.seconds)
        write()
        if on_progress:
            on_progress(progress)

    try:
        Scheduler(worker_settings(grading, config), jobs_n).run(jobs, done)
    except BaseException:
        grading.interrupted = True
        write()
        raise
    grading.complete = True
    write()
    return grading


def plan_submission(
    submission_dir: Path, student: str, config: GradingConfig, options: GradeOptions, seed: int
) -> tuple[ClassGrading, list[Job]]:
    """One submission's grading (Gradescope, PrairieLearn): every protocol named, or whose
    file it holds; one it lacks scores 0."""
    if not submission_dir.is_dir():
        raise ConfigError(f"{submission_dir}: no submission folder")
    protocols = choose_protocols(options.protocols, config, [submission_dir])
    schemes = {name: build_scheme(get_protocol(name), config, set(checks_for(name))) for name in protocols}
    grading = ClassGrading(seed=seed, schemes=schemes, students=[student], settings=_settings(config, options, protocols, None))
    jobs: list[Job] = []
    for name in protocols:
        names = config.file_names(get_protocol(name))
        path = locate(submission_dir, names)
        if path is None:
            result = missing_result(name, schemes[name].filename, seed, names)
            grading.outcomes[(student, name)] = Outcome(student, name, None, MISSING, result)
        else:
            display = f"{student}/{path.relative_to(submission_dir).as_posix()}"
            grading.outcomes[(student, name)] = Outcome(student, name, display, PENDING)
            jobs.append(Job(student, name, path.resolve(), display))
    return grading, jobs


# --- PrairieLearn --------------------------------------------------------------------------

PRAIRIELEARN_STUDENT = "student"
DEFAULT_PRAIRIELEARN_ROOT = "/grade"


class OutOfTime(Exception):
    """The grading's own time is up: it stops before PrairieLearn kills it."""


def time_margin(timeout: float) -> float:
    """Seconds kept, before PrairieLearn's timeout, to stop every check and write the file."""
    return min(30.0, max(10.0, 0.1 * timeout))


def prairielearn_paths(root: Path) -> tuple[Path, Path]:
    """The student's files and the results file, where PrairieLearn mounts them."""
    return root / "student", root / "results" / "results.json"


def grade_prairielearn(
    root: Path,
    config: GradingConfig,
    options: GradeOptions,
    seed: int,
    timeout: float | None = None,
    scheduler: Callable[..., Scheduler] | None = None,
) -> tuple[ClassGrading, str]:
    """Grade ``root/student`` and write ``root/results/results.json`` as PrairieLearn's
    external grader: not gradable until every check has ended (a grader stopped midway
    charges no attempt), then the score and a test per requirement. With ``timeout`` (the
    question's ``externalGradingOptions.timeout``) the checks are stopped in time to say
    the grader ran out of it. Returns the grading and how it ended (DONE or OUT_OF_TIME)."""
    began = time.monotonic()
    student_dir, results = prairielearn_paths(root)
    if timeout is not None and timeout <= 2 * time_margin(timeout):
        raise ConfigError(f"--timeout {timeout:g}: too short to grade in (at least {2 * time_margin(timeout):g} s)")
    grading, jobs = plan_submission(student_dir, PRAIRIELEARN_STUDENT, config, options, seed)
    jobs_n = options.jobs or config.jobs or default_jobs()
    grading.settings["jobs"] = jobs_n
    write_atomic(results, prairielearn_text(grading, PRAIRIELEARN_STUDENT, RUNNING))
    deadline = began + timeout - time_margin(timeout) if timeout is not None else None

    def tick() -> None:
        if deadline is not None and time.monotonic() >= deadline:
            raise OutOfTime()

    try:
        (scheduler or Scheduler)(worker_settings(grading, config), jobs_n).run(jobs, lambda report: record(grading, report), tick)
    except OutOfTime:
        grading.interrupted = True
        write_atomic(results, prairielearn_text(grading, PRAIRIELEARN_STUDENT, OUT_OF_TIME, timeout))
        return grading, OUT_OF_TIME
    except BaseException:
        grading.interrupted = True  # the file written first stays: not gradable, the grading did not finish
        raise
    grading.complete = True
    write_atomic(results, prairielearn_text(grading, PRAIRIELEARN_STUDENT, DONE))
    return grading, DONE


def read_results(folder: Path) -> tuple[ClassGrading, str | None]:
    """An earlier grading from its output folder (or its results.json), and the version of
    wirecheck that wrote it."""
    path = folder if folder.name == "results.json" and not folder.is_dir() else folder / "results.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such file (is {folder} a grading's output folder?)") from None
    except (OSError, ValueError) as exc:
        raise ConfigError(f"{path}: not readable as JSON ({exc})") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: not a wirecheck results.json")
    return grading_from_results(data, str(path)), data.get("wirecheck")


# --- merging shards --------------------------------------------------------------------------


def merge_results(folders: list[Path], out: Path) -> ClassGrading:
    """One grading from the results.json of several shards (same seed, same scheme,
    different students), with every output written again into ``out``."""
    if not folders:
        raise ConfigError("merge: name the output folders of the shards")
    merged: ClassGrading | None = None
    for folder in folders:
        path = folder / "results.json"
        part, _version = read_results(folder)
        if merged is None:
            merged = part
            merged.settings = dict(merged.settings)
            merged.settings["shard"] = None
            continue
        if part.seed != merged.seed:
            raise ConfigError(f"{path}: seed {part.seed}, but the first shard's is {merged.seed}")
        if part.schemes != merged.schemes:
            raise ConfigError(f"{path}: graded other protocols or points than the first shard")
        for student in part.students:
            if student in merged.students:
                raise ConfigError(f"{path}: {student} is in two shards")
            merged.students.append(student)
        merged.outcomes.update(part.outcomes)
        merged.complete = merged.complete and part.complete
        merged.interrupted = merged.interrupted or part.interrupted
    assert merged is not None
    merged.students.sort()
    write_outputs(out, merged)
    return merged
