"""Golden cases: one contributor mistake per folder, and exactly what `check` says about it.

Each folder in tests/golden/check/ holds a `case.yml`:

    description: the mistake, in one line
    files:        collection-relative path -> full file content (text), or {base64: ...}
    delete:       collection-relative paths to remove (optional)
    expected: |   the exact stdout of `python -m build_tools check`
    exit: 1

The files are written on top of a copy of the repository with the seed collection
(tests/fixtures/seed/), and the real command line
runs on it in a subprocess, so output, stderr and exit code are what a contributor sees.

To accept the current output after a deliberate change of messages, regenerate every
case's `expected` and `exit`, then review the diff:

    UPDATE_GOLDENS=1 .venv/bin/python -m pytest tests/test_check_golden.py

(An environment variable rather than a `--update-goldens` option: pytest accepts
`pytest_addoption` only in the root conftest or in plugins.)
"""

from __future__ import annotations

import base64
import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML
from ruamel.yaml.scalarstring import LiteralScalarString

from tests.conftest import ROOT, SEED, make_repo

CASES_DIR = Path(__file__).resolve().parent / "golden" / "check"
UPDATE = os.environ.get("UPDATE_GOLDENS") == "1"
LINE = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+):(?P<column>\d+): (?P<severity>error|warning): "
                  r"(?P<message>.+) \[(?P<code>[a-z0-9-]+)\]$")
GITHUB_LINE = re.compile(r"^::(error|warning) file=[^,]+,line=\d+,col=\d+,title=[^:]+::.+$")


@dataclass(frozen=True)
class Reported:
    """One problem as printed: `path:line:col: severity: message [code]`."""

    path: str
    line: int
    column: int
    severity: str
    message: str
    code: str
    hints: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class Case:
    name: str
    folder: Path
    description: str
    files: dict[str, bytes]
    delete: tuple[str, ...]
    expected: str
    exit: int

    @property
    def reported(self) -> list[Reported]:
        return parse_output(self.expected)


def _content(value: Any) -> bytes:
    if isinstance(value, dict):
        return base64.b64decode(value["base64"])
    return str(value).encode("utf-8")


def load_case(folder: Path) -> Case:
    data = YAML(typ="safe", pure=True).load((folder / "case.yml").read_text("utf-8"))
    return Case(
        name=folder.name,
        folder=folder,
        description=str(data["description"]),
        files={path: _content(value) for path, value in (data.get("files") or {}).items()},
        delete=tuple(data.get("delete") or ()),
        expected=str(data.get("expected") or ""),
        exit=int(data["exit"]),
    )


def all_cases() -> list[Case]:
    return [load_case(folder) for folder in sorted(CASES_DIR.iterdir())
            if (folder / "case.yml").is_file()]


def parse_output(text: str) -> list[Reported]:
    """The problems in `check`'s text output; hint lines belong to the problem above them."""
    problems: list[Reported] = []
    for line in text.splitlines():
        if line.startswith("    hint: ") and problems:
            last = problems.pop()
            problems.append(Reported(**{**last.__dict__,
                                        "hints": (*last.hints, line[len("    hint: "):])}))
            continue
        match = LINE.match(line)
        assert match, f"not a diagnostic line: {line!r}"
        problems.append(Reported(match["path"], int(match["line"]), int(match["column"]),
                                 match["severity"], match["message"], match["code"]))
    return problems


def apply_case(case: Case, repo: Path) -> None:
    collection = repo / "collection"
    for relative in case.delete:
        (collection / relative).unlink()
    for relative, content in case.files.items():
        target = collection / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)


def run_check(repo: Path, *options: str) -> subprocess.CompletedProcess[str]:
    """The real command line, run from inside the throwaway repository."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run(
        [sys.executable, "-m", "build_tools", "--root", str(repo), *options, "check"],
        cwd=repo, env=env, capture_output=True, text=True, encoding="utf-8", timeout=120,
    )


def snapshot(repo: Path) -> dict[str, tuple[int, int]]:
    return {path.relative_to(repo).as_posix(): (path.stat().st_size, path.stat().st_mtime_ns)
            for path in sorted(repo.rglob("*"))}


def prepared_repo(case: Case, tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    make_repo(repo)
    apply_case(case, repo)
    return repo


def update_expectation(case: Case, stdout: str, exit_code: int) -> None:
    yaml = YAML()
    yaml.width = 4096
    yaml.preserve_quotes = True
    path = case.folder / "case.yml"
    data = yaml.load(path.read_text("utf-8"))
    data["expected"] = LiteralScalarString(stdout)
    data["exit"] = exit_code
    with path.open("w", encoding="utf-8") as stream:
        yaml.dump(data, stream)


CASES = all_cases()


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_check_output(case: Case, tmp_path: Path) -> None:
    repo = prepared_repo(case, tmp_path)
    before = snapshot(repo)

    result = run_check(repo)

    assert "Traceback" not in result.stderr, result.stderr
    assert re.fullmatch(r"check: \d+ errors?, \d+ warnings?\n", result.stderr), result.stderr
    assert snapshot(repo) == before, "check must not write anything"
    assert not (repo / "site").exists()
    assert not (repo / ".build").exists()
    parse_output(result.stdout)  # every line is a diagnostic or its hint
    if UPDATE:
        update_expectation(case, result.stdout, result.returncode)
        return
    assert result.stdout == case.expected
    assert result.returncode == case.exit


def test_enough_distinct_cases() -> None:
    assert len(CASES) >= 30
    descriptions = [case.description for case in CASES]
    assert len(set(descriptions)) == len(descriptions), "two cases describe the same mistake"
    assert all("\n" not in d and d.strip() for d in descriptions)
    for case in CASES:
        assert case.reported, f"{case.name}: a mistake must be reported"
        assert case.exit == (1 if any(r.severity == "error" for r in case.reported) else 0)


def test_every_case_changes_the_collection() -> None:
    for case in CASES:
        assert case.files or case.delete, f"{case.name} changes nothing"
        for relative in case.delete:
            assert (SEED / relative).is_file(), f"{case.name}: {relative}"


def test_github_format(tmp_path: Path) -> None:
    case = next(c for c in CASES if len({r.code for r in c.reported}) >= 2)
    repo = prepared_repo(case, tmp_path)

    result = run_check(repo, "--format", "github")

    lines = result.stdout.splitlines()
    assert len(lines) == len(case.reported) >= 2
    for line in lines:
        assert GITHUB_LINE.match(line), line
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
