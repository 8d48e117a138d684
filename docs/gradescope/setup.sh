#!/usr/bin/env bash
# Gradescope's setup.sh: runs once when the autograder image is built. Put this file,
# run_autograder, wirecheck.toml and a copy of the wirecheck project (folder wirecheck-src)
# in the autograder zip.
set -euo pipefail
apt-get update
apt-get install -y python3 python3-venv python3-pip
python3 -m venv /opt/wirecheck
/opt/wirecheck/bin/python -m pip install --upgrade pip
/opt/wirecheck/bin/python -m pip install /autograder/source/wirecheck-src
