"""feedback/STUDENT.md: what a student reads — per protocol, each requirement they may see,
its verdict and points, and for each failure what was expected, what their server did, the
shortest client sequence that shows it, and how to replay it on their own machine.

Hidden requirements are left out entirely (they are still graded). The course's policies (a
late penalty, the best of several submissions, a regrade that never lowers) are told at the
top, each with what it did to the score."""

from __future__ import annotations

from ..core.results import RequirementResult
from ..render.standard import REFERENCE as STANDARD_REFERENCE
from .model import MISSING, PENDING, ClassGrading, Outcome, ProtocolScheme, RequirementScheme
from .replays import script_name
from .scoring import address_costs, final_points, max_points, requirement_points, show_points
from .text import NOT_STARTED, own_file, own_paths, output_tail, split_counterexample, start_cause, unstarted, verdict_word


def rerun_command(grading: ClassGrading, protocol: str, file_name: str, req_id: str | None = None) -> str:
    """The ``wirecheck check`` command that runs the same checks on the same sequences."""
    parts = ["wirecheck", "check", protocol, file_name, "--seed", str(grading.seed)]
    profile = grading.settings.get("profile")
    if profile and profile != "default":
        parts += ["--profile", profile]
    if grading.settings.get("examples"):
        parts += ["--examples", str(grading.settings["examples"])]
    if grading.settings.get("python"):
        parts += ["--python", str(grading.settings["python"])]
    if req_id:
        parts += ["--only", req_id]
    return " ".join(parts)


def has_replay(req: RequirementScheme, item: RequirementResult | None) -> bool:
    return bool(req.visible and item is not None and item.verdict == "fail" and item.replay)


def requirement_details(
    grading: ClassGrading,
    scheme: ProtocolScheme,
    req: RequirementScheme,
    outcome: Outcome,
    heading: str = "###",
    replay_folder: str | None = None,
) -> str:
    """Markdown for one requirement that did not pass: the failure, as a student can act on it."""
    item = outcome.item(req.id)
    points = requirement_points(req, item)
    lines = [
        f"{heading} {req.id} ({req.level}) — {verdict_word(item, outcome.state == PENDING)}, "
        f"{show_points(points)} of {show_points(req.points)} points".rstrip(),
        "",
        f"> {req.text}",
        "",
    ]
    if outcome.state == MISSING:
        lines.append(f"No `{scheme.filename}` in your submission, so this requirement could not be checked.")
        return "\n".join(lines)
    if item is None:
        lines.append("Not graded: the grading stopped before this check ran.")
        return "\n".join(lines)
    if unstarted([item]):
        lines.append(NOT_STARTED[0].upper() + NOT_STARTED[1:] + ".")
        return "\n".join(lines)
    example = split_counterexample(item.counterexample)
    if item.verdict == "fail" and example is not None:
        if example.steps:
            lines.append("What the clients did (the shortest sequence wirecheck found):")
            lines.append("")
            lines += [f"{n}. {step}" for n, step in enumerate(example.steps, 1)]
            lines.append("")
        lines.append(f"- **Expected:** {example.expected}")
        lines.append(f"- **Your server:** {example.got}")
        if item.detail.startswith("intermittent"):
            lines.append(f"- *{item.detail.split(' — ')[0]}* — a race: it does not happen every time.")
    elif item.verdict == "not shown":
        lines.append(f"Not shown: {item.detail or 'the run never showed what this requirement asks for'}.")
        lines.append("")
        lines.append("A requirement holds only when your server showed it at least once: no points.")
    elif item.verdict == "error" and item.fault == "wirecheck":
        if item.detail.startswith("ungraded: your server answered correctly"):
            lines.append("wirecheck could not finish checking this requirement in its time: it is not your server's fault, ")
        else:
            lines.append("wirecheck itself failed to check this requirement (twice): it is not your server's fault, ")
        lines.append("no points were taken, and your instructor has been told.")
        lines.append("")
        lines += ["    " + line for line in (item.detail or item.verdict).splitlines()]
    else:
        lines.append("What happened:")
        lines.append("")
        lines += ["    " + line for line in (item.detail or item.verdict).splitlines()]
    if item.verdict in ("fail", "not shown") or (item.verdict == "error" and item.fault != "wirecheck"):
        lines += _printed(own_paths(item.server_output, own_file(outcome.file, scheme.filename)))
    lines.append("")
    file_name = scheme.filename
    if has_replay(req, item) and replay_folder is not None:
        name = script_name(scheme.name, req.id)
        lines.append(
            f"Replay it without wirecheck: `python {name} --server {file_name}` "
            f"(the script `{replay_folder}/{name}`; or start your server yourself and run `python {name}`)."
        )
    lines.append(f"Run the same check with wirecheck: `{rerun_command(grading, scheme.name, file_name, req.id)}`")
    return "\n".join(lines)


def feedback_markdown(grading: ClassGrading, student: str, replay_folder: str | None = None) -> str:
    lines = [f"# wirecheck feedback — {student}", ""]
    visible_total = visible_max = 0.0
    hidden = 0
    for name, scheme in grading.schemes.items():
        outcome = grading.outcome(student, name)
        for req in scheme.requirements:
            if not req.checked:
                continue
            if req.visible:
                visible_max += req.max_points
                visible_total += requirement_points(req, outcome.item(req.id)) if req.counted else 0.0
            else:
                hidden += 1
    lines.append(
        f"Graded with seed {grading.seed}: every student's server met the same client sequences. "
        f"Points shown: {show_points(visible_total)} of {show_points(visible_max)}."
    )
    if grading.settings.get("interpreter"):
        lines.append(f"Your server ran under {grading.settings['interpreter']}.")
    if hidden:
        lines.append(f"{hidden} more requirement(s) are graded but not shown here.")
    lines += policies_markdown(grading, student)
    if not grading.complete and any(not grading.outcome(student, n).finished for n in grading.schemes):
        lines.append("")
        lines.append("*The grading of this submission is not finished: this feedback is partial.*")
    lines.append("")
    for name, scheme in grading.schemes.items():
        lines += _protocol_section(grading, scheme, grading.outcome(student, name), replay_folder)
    lines += ["", f"Every requirement ID, level and verdict is explained in {STANDARD_REFERENCE}."]
    return "\n".join(lines).rstrip() + "\n"


def policies_markdown(grading: ClassGrading, student: str) -> list[str]:
    """The course's policies as they applied to the student, and the score that counts."""
    applied = grading.policies.get(student)
    if applied is None:
        return []
    lines = [
        "",
        f"**Your score after the course's policies: {show_points(final_points(grading, student))} of "
        f"{show_points(max_points(grading))}** (your server earned {show_points(applied.raw)}).",
        "",
    ]
    lines += [f"- {p.name}: {p.detail}" for p in applied.applied]
    return lines


def _protocol_section(grading: ClassGrading, scheme: ProtocolScheme, outcome: Outcome, replay_folder: str | None) -> list[str]:
    visible = [r for r in scheme.requirements if r.visible and r.checked]
    points = sum(requirement_points(r, outcome.item(r.id)) for r in visible if r.counted)
    most = sum(r.max_points for r in visible)
    if outcome.state == MISSING:
        return [
            f"## {scheme.name} — `{scheme.filename}` is missing",
            "",
            f"No `{scheme.filename}` was found in your submission, so none of {scheme.name}'s "
            f"requirements could be checked: 0 of {show_points(most)} points.",
            "",
        ]
    title = f"## {scheme.name} — `{outcome.file or scheme.filename}`"
    if outcome.state == PENDING:
        return [title, "", "Not graded yet.", ""]
    if address_costs(scheme, outcome):
        points = 0.0
    lines = [title, "", f"{show_points(points)} of {show_points(most)} points.", ""]
    if outcome.result is not None and outcome.result.address:
        cost = " — the grading asks for the course's address, so this protocol earns no points" if address_costs(scheme, outcome) else ""
        lines += [f"**Where it listened:** {outcome.result.address}{cost}.", ""]
    not_started = unstarted([outcome.item(r.id) for r in scheme.requirements if r.checked])
    if not_started:
        lines += did_not_start_markdown(grading, scheme, outcome) + [""]
    lines += ["| requirement | level | verdict | points |", "|---|---|---|---|"]
    for req in visible:
        item = outcome.item(req.id)
        word = NOT_STARTED if unstarted([item]) else verdict_word(item)
        lines.append(
            f"| {req.id} | {req.level} | {word} | "
            f"{show_points(requirement_points(req, item))} / {show_points(req.points)} |"
        )
    lines.append("")
    shown: set[str] = {r.id for r in visible if unstarted([outcome.item(r.id)])}  # told once, above
    for req in visible:
        item = outcome.item(req.id)
        if req.id in shown or not (item is None or item.verdict not in ("pass", "skip")):
            continue
        same = _same_error(visible, outcome, item)
        if len(same) > 1:
            lines.append(_shared_error(grading, scheme, same, outcome))
            shown.update(r.id for r in same)
        else:
            lines.append(requirement_details(grading, scheme, req, outcome, replay_folder=replay_folder))
        lines.append("")
    return lines


def did_not_start_markdown(grading: ClassGrading, scheme: ProtocolScheme, outcome: Outcome) -> list[str]:
    """A server that did not start, told once for all its requirements: the cause (in a
    student's words, where it could be told), what the server printed — its traceback, with
    the student's own paths — and how to see it for themselves."""
    checked = [r for r in scheme.requirements if r.checked]
    items = unstarted([outcome.item(r.id) for r in checked])
    if not items:
        return []
    first = items[0]
    file_name = own_file(outcome.file, scheme.filename)
    if len(items) == len(checked):
        what = f"so none of its {len(items)} requirements could be checked"
    else:
        what = f"so {len(items)} of its {len(checked)} requirements could not be checked"
    lines = [f"**Your server did not start**, {what}: {start_cause(first)}"]
    lines += _printed(own_paths(first.server_output, file_name))
    lines += [
        "",
        f"See it for yourself: `python {file_name}`; then run the checks again with wirecheck: "
        f"`{rerun_command(grading, scheme.name, file_name)}`",
    ]
    return lines


def _same_error(visible: list[RequirementScheme], outcome: Outcome, item: RequirementResult | None) -> list[RequirementScheme]:
    """The requirements that errored exactly as ``item`` did (a server that never started,
    a time limit): told once, not once per requirement."""
    if item is None or item.verdict != "error" or item.fault == "wirecheck":
        return []  # wirecheck's own faults are told one by one, as ungraded
    same = []
    for req in visible:
        other = outcome.item(req.id)
        if other is not None and other.verdict == "error" and (other.detail, other.server_output) == (item.detail, item.server_output):
            same.append(req)
    return same


def _shared_error(grading: ClassGrading, scheme: ProtocolScheme, reqs: list[RequirementScheme], outcome: Outcome) -> str:
    item = outcome.item(reqs[0].id)
    assert item is not None
    ids = ", ".join(r.id for r in reqs)
    lines = [f"### {ids} — ERROR, 0 of {show_points(sum(r.points for r in reqs))} points", "", "What happened, for each of them:", ""]
    lines += ["    " + line for line in item.detail.splitlines()]
    lines += _printed(own_paths(item.server_output, own_file(outcome.file, scheme.filename)))
    lines += ["", f"Run the same checks with wirecheck: `{rerun_command(grading, scheme.name, scheme.filename)}`"]
    return "\n".join(lines)


def _printed(server_output: str) -> list[str]:
    output = output_tail(server_output, 20)
    if not output:
        return []
    return ["", "Your server printed (last lines):", "", "```", output.replace("```", "` ` `"), "```"]
