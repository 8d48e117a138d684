"""Grading a class: every submission against every protocol, fairly (one seed, nothing
shared between students), robustly (each check in a process of its own, with a time
limit) and into the formats instructors and CI already read — a gradebook, results.json,
JUnit XML, an HTML report, feedback per student with replay scripts, and Gradescope's
results.json.

The core is pure: discovery, configuration, scoring and writers are functions of plain
data (``model``); the scheduler runs the checks; only the CLI prints."""
