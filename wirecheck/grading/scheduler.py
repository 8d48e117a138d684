"""Running many student × protocol checks at once, each in a worker process of its own,
with a time limit enforced from here.

A worker is a ``wirecheck.grading.worker`` process in a session of its own (forked from a
pre-imported fork server, ``worker_process``), watched by a thread of this process. When its time is up it is asked to stop (SIGINT:
its check unwinds and stops its servers), then killed; anything it started that is still
alive is found by a token in its environment and killed too. The verdicts it reached
before are kept; the rest are ``error: time limit``. A worker that dies any other way
gives ``error`` verdicts with what it printed. Nothing here raises for a submission."""

from __future__ import annotations

import concurrent.futures
import json
import os
import shutil
import signal
import subprocess
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import psutil

from protocols import Level, get_protocol

from ..checks import checks_for
from ..drive.parallel import EXTRA_WHEN_BUSY_BELOW, Admission, default_workers  # noqa: F401 (EXTRA_WHEN_BUSY_BELOW: named here as before)
from ..harness import ending
from ..harness.launcher import scratch_dir
from ..core.results import CheckResult, RequirementResult
from .worker_process import start_worker, stop_fork_server

JOB_VARIABLE = "WIRECHECK_GRADE_JOB"
STOP_GRACE = 5.0  # a worker asked to stop gets this long before it is killed
INTERRUPT_GRACE = 1.5  # ... and this long when the whole grading is being ended (a signal)
LIMIT_GRACE = 15.0  # past the check's own time limit, before the worker is stopped from here
PROJECT_ROOT = Path(__file__).resolve().parents[2]


def requirement_workers(jobs: int) -> int:
    """How many requirements each of ``jobs`` checks at once runs side by side: together as
    many as ``wirecheck check`` runs for one server (twice the cores), at least one."""
    return max(1, -(-default_workers() // max(1, jobs)))


@dataclass(frozen=True)
class Job:
    student: str
    protocol: str
    target: Path
    display: str


@dataclass(frozen=True)
class WorkerSettings:
    seed: int
    profile: str
    examples: int | None
    time_limit: float
    env: dict[str, str] = field(default_factory=dict)
    python: str | None = None  # the interpreter the servers run under; None: the default


@dataclass
class JobReport:
    job: Job
    result: CheckResult
    seconds: float


# A check beyond ``jobs`` starts only while the cores are less busy than EXTRA_WHEN_BUSY_BELOW
# (``drive.parallel.Admission``, shared with requirements side by side).
# At most this many times ``jobs`` checks at once: a check mostly waits (C-TIME's windows,
# C-PATIENCE's pauses, C-STOP's grace), so while the cores idle, more checks wait side by side.
# A graded check waits about 14 s for 2.5 CPU-s (the edge cases' pauses): at 4 × ``jobs`` the
# cap, not the cores, bounded a class (53 % of two cores busy); the admission still stops
# adding at EXTRA_WHEN_BUSY_BELOW.
EXTRA_FACTOR = 6
EXTRA_SPACING = 3.0  # seconds between two such starts, so each is seen in the load before the next


class Scheduler:
    """Runs jobs ``jobs`` at a time — and up to EXTRA_FACTOR times as many while the cores are
    less than three quarters busy (``extra``), one more at a time, since a check's time is mostly the standard's
    windows, not CPU; ``run`` calls ``on_done`` (in the calling thread) as each job ends and
    ``on_tick`` about once a second."""

    def __init__(self, settings: WorkerSettings, jobs: int, extra: bool = True) -> None:
        self.settings = settings
        self.jobs = max(1, jobs)
        self.limit = EXTRA_FACTOR * self.jobs if extra else self.jobs
        self._running = 0
        self._admit = threading.Condition()
        self._admission = Admission(self.jobs, self.limit, EXTRA_SPACING)
        self.most_at_once = 0  # the most checks that ran at once (for bench/)
        self._active: dict[int, object] = {}  # pid -> a Popen, or a worker forked alike
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._cache: Path | None = None  # Hypothesis's home for the workers: its Unicode table, built once

    @property
    def _gauge(self):
        return self._admission.gauge

    @_gauge.setter
    def _gauge(self, gauge) -> None:
        self._admission.gauge = gauge

    def run(
        self,
        jobs: list[Job],
        on_done: Callable[[JobReport], None],
        on_tick: Callable[[], None] | None = None,
    ) -> None:
        # Every private folder of the workers goes in one run folder (the command's own, when
        # there is one): a worker killed at its time limit or when the grading is interrupted
        # cannot remove its servers' folders, and a grading run from another program (a
        # test, a notebook) has no command to remove them.
        with ending.run_folder():
            self._run(jobs, on_done, on_tick)

    def _run(
        self,
        jobs: list[Job],
        on_done: Callable[[JobReport], None],
        on_tick: Callable[[], None] | None,
    ) -> None:
        # In the run's folder: a grading killed outright (SIGKILL) leaves one folder, not two.
        self._cache = Path(tempfile.mkdtemp(prefix="wirecheck-cache-", dir=os.environ.get(ending.RUN_FOLDER_VARIABLE) or None))
        executor = concurrent.futures.ThreadPoolExecutor(max_workers=self.limit, thread_name_prefix="wirecheck-job")
        pending = {executor.submit(self._run_job, job) for job in jobs}
        try:
            while pending:
                done, pending = concurrent.futures.wait(pending, timeout=1.0, return_when=concurrent.futures.FIRST_COMPLETED)
                for future in done:
                    on_done(future.result())
                if on_tick is not None:
                    on_tick()
        except BaseException:
            self._stopping.set()
            with self._admit:
                self._admit.notify_all()
            for future in pending:
                future.cancel()
            self._stop_all()
            raise
        finally:
            executor.shutdown(wait=True, cancel_futures=True)
            stop_fork_server()
            shutil.rmtree(self._cache, ignore_errors=True)

    # --- one job ---------------------------------------------------------------------

    def _enter(self) -> None:
        """Wait for a place: one of ``jobs``, or an extra one while the cores idle."""
        with self._admit:
            while not self._stopping.is_set():
                if self._admission.may_start(self._running):
                    break
                self._admit.wait(1.0)  # a place frees up (notified), or look at the cores again
            self._running += 1
            self.most_at_once = max(self.most_at_once, self._running)

    def _leave(self) -> None:
        with self._admit:
            self._running -= 1
            self._admit.notify()

    def _run_job(self, job: Job) -> JobReport:
        self._enter()
        try:
            return self._run_admitted(job)
        finally:
            self._leave()

    def _run_admitted(self, job: Job) -> JobReport:
        started = time.monotonic()
        if self._stopping.is_set():
            return JobReport(job, self._assemble(job, [], None, "the grading was interrupted"), 0.0)
        workdir = Path(tempfile.mkdtemp(prefix="wirecheck-grade-", dir=scratch_dir()))
        token = uuid.uuid4().hex
        out_path = workdir / "results.jsonl"
        log_path = workdir / "worker.log"
        spec = {
            "protocol": job.protocol,
            "target": str(job.target),
            "display": job.display,
            "seed": self.settings.seed,
            "profile": self.settings.profile,
            "examples": self.settings.examples,
            "env": self.settings.env,
            "time_limit": self.settings.time_limit,
            "python": self.settings.python,
            "workers": requirement_workers(self.jobs),
            "out": str(out_path),
            "hypothesis_home": str(self._cache) if self._cache else None,
        }
        env = dict(os.environ)
        env[JOB_VARIABLE] = token
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(PROJECT_ROOT), env.get("PYTHONPATH", "")) if p)
        env.setdefault("PYTHONDONTWRITEBYTECODE", "1")
        problem = None
        try:
            spec_path = workdir / "spec.json"
            spec_path.write_text(json.dumps(spec), encoding="utf-8")  # not on the command line: env values stay private
            log_path.touch()
            process = start_worker(spec_path, workdir, env, log_path)
            with self._lock:
                self._active[process.pid] = process
            if self._stopping.is_set():  # the grading was interrupted while this one started
                self._stop(process)
            try:
                process.wait(self.settings.time_limit + LIMIT_GRACE)
            except subprocess.TimeoutExpired:
                problem = f"time limit: the check of this server did not finish within {self.settings.time_limit:g} s"
                self._stop(process)
            finally:
                with self._lock:
                    self._active.pop(process.pid, None)
            self._sweep(token)
            lines = _read_lines(out_path)
            finished = any("done" in line for line in lines)
            if problem is None and not finished:
                if self._stopping.is_set():
                    problem = "the grading was interrupted"
                else:
                    tail = log_path.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-12:]
                    problem = f"the checker stopped (exit status {process.returncode})" + (
                        ":\n" + "\n".join(tail) if tail else ""
                    )
            result = self._assemble(job, lines, _done_seconds(lines), problem)
        except OSError as exc:
            result = self._assemble(job, [], None, f"the checker could not run: {exc}")
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
        seconds = time.monotonic() - started
        if not result.seconds:
            result.seconds = seconds
        return JobReport(job, result, seconds)

    def _assemble(self, job: Job, lines: list[dict], seconds: float | None, problem: str | None) -> CheckResult:
        """The check's result from the worker's lines; requirements it did not reach get
        ``problem`` as an error (or skip, where the suite has no check)."""
        protocol = get_protocol(job.protocol)
        checks = checks_for(job.protocol)
        reached: dict[str, RequirementResult] = {}
        for line in lines:
            record = line.get("requirement")
            if not record:
                continue
            reached[record["id"]] = RequirementResult(
                record["id"],
                Level(record["level"]),
                record["verdict"],
                record.get("detail") or "",
                record.get("counterexample"),
                line.get("server_output") or "",
                float(line.get("seconds") or 0.0),
                replay=line.get("replay"),
                fault=record.get("fault"),
            )
        address = next((str(line["done"].get("address") or "") for line in lines if isinstance(line.get("done"), dict)), "")
        result = CheckResult(protocol.name, job.display, self.settings.seed, address=address)
        for req in protocol.requirements:
            if req.id in reached:
                result.requirements.append(reached[req.id])
            elif req.id not in checks:
                result.requirements.append(RequirementResult(req.id, req.level, "skip", "no check for this requirement yet"))
            else:
                result.requirements.append(RequirementResult(req.id, req.level, "error", problem or "not checked"))
        result.seconds = seconds or 0.0
        return result

    # --- stopping --------------------------------------------------------------------

    def _stop(self, process) -> None:
        """Ask the worker to stop (its check then stops its servers), then kill it."""
        for sig, grace in ((signal.SIGINT, STOP_GRACE), (signal.SIGKILL, 5.0)):
            _signal_group(process.pid, sig)
            try:
                process.wait(grace)
                break
            except subprocess.TimeoutExpired:
                continue
        _signal_group(process.pid, signal.SIGKILL)  # whatever is left of its group

    def _stop_all(self) -> None:
        with self._lock:
            processes = list(self._active.values())
        for process in processes:
            _signal_group(process.pid, signal.SIGINT)
        # The grading itself was told to end: it must be over within 5 s (its outputs are
        # still to be written), so all workers share one short grace.
        end = time.monotonic() + INTERRUPT_GRACE
        for process in processes:
            try:
                process.wait(max(0.0, end - time.monotonic()))
            except subprocess.TimeoutExpired:
                _signal_group(process.pid, signal.SIGKILL)

    def _sweep(self, token: str) -> None:
        """Kill every process that still carries this job's token (a server its worker
        could not stop, and whatever that server started)."""
        found = []
        for proc in _candidates():
            try:
                if proc.environ().get(JOB_VARIABLE) == token:
                    found.append(proc)
            except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
                continue
        for proc in found:
            try:
                proc.kill()
            except psutil.NoSuchProcess:
                pass
        psutil.wait_procs(found, timeout=5)


def _signal_group(pid: int, signum: int) -> None:
    """Signal a worker's session group; a worker forked a moment ago may not have made its
    group yet, so then the worker itself."""
    try:
        os.killpg(pid, signum)
        return
    except ProcessLookupError:
        pass
    except OSError:
        return
    try:
        os.kill(pid, signum)
    except OSError:
        pass


def _candidates():
    """Every process of the machine: a killed worker's servers were adopted elsewhere."""
    return psutil.process_iter()


def _read_lines(path: Path) -> list[dict]:
    lines = []
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return lines
    for raw in text.splitlines():
        try:
            value = json.loads(raw)
        except ValueError:
            continue  # a line cut short when the worker was killed
        if isinstance(value, dict):
            lines.append(value)
    return lines


def _done_seconds(lines: list[dict]) -> float | None:
    for line in lines:
        if "done" in line:
            return float(line["done"].get("seconds") or 0.0)
    return None
