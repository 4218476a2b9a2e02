"""Golden cases: one contributor mistake per folder, and exactly what `check` says about it.

Each folder in tests/golden/check/ holds a `case.yml` that changes a copy of the seed
collection (tests/fixtures/seed/) and says what `python -m build_tools check` prints:

    description: the mistake, in one line
    patch: |      changes to seed files, as a unified diff (optional; see below)
    copy:         collection-relative path -> the seed file it is a copy of (optional)
    files:        collection-relative path -> full file content (text), or {base64: ...}
    delete:       collection-relative paths to remove (optional)
    expected: |   the exact stdout of `python -m build_tools check`
    exit: 1

Most mistakes are a line or two of the seed sidecar, so most cases are a `patch:`:

    patch: |
      --- articles/2025/2025-07-12-kim-jong-un-receives-lavrov.yml
      +++ articles/2025/2025-07-12-kim-jong-un-receives-lavrov.yml
      @@ -1,3 +1,3 @@
       # yaml-language-server: $schema=../../../build_tools/schemas/sidecar.schema.json
      -date: "2025-07-12"
      +date: "2025/07/12"
       language: ar

Each `---` line names the seed file (collection-relative) the hunks below it change; the
result is written to the `+++` path. A hunk is the lines it keeps (a space first), removes
(`-`) and adds (`+`); the numbers after `@@` are not read: the kept and removed lines must
occur exactly once in the seed file, so give a line or two of context around the change.
To write one, copy the seed file, make the mistake, and let diff write the patch:

    cp tests/fixtures/seed/articles/2025/2025-07-12-kim-jong-un-receives-lavrov.yml /tmp/x.yml
    # ... edit /tmp/x.yml ...
    diff -U1 --label articles/2025/2025-07-12-kim-jong-un-receives-lavrov.yml \
        --label articles/2025/2025-07-12-kim-jong-un-receives-lavrov.yml \
        tests/fixtures/seed/articles/2025/2025-07-12-kim-jong-un-receives-lavrov.yml /tmp/x.yml

then indent it by two spaces under `patch: |`. `copy:` files a seed file somewhere else
(with `delete:`, a move). Keep `files:` for what is not a small change of a seed file: a
new file, a whole rewrite, bytes that are not UTF-8 or that YAML cannot hold ({base64:}).

Deletions, copies, patches and files are applied in that order, and `check` runs in this
process (`build_tools.__main__.main`, its output captured); one case also runs the real
command line in a subprocess, so the two stay the same.

To accept the current output after a deliberate change of messages, regenerate every
case's `expected` and `exit`, then review the diff:

    UPDATE_GOLDENS=1 .venv/bin/python -m pytest tests/test_check_golden.py

(An environment variable rather than a `--update-goldens` option: pytest accepts
`pytest_addoption` only in the root conftest or in plugins.)
"""

from __future__ import annotations

import base64
import itertools
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

from build_tools.__main__ import main
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


def _hunk_lines(hunk: list[str]) -> tuple[list[str], list[str]]:
    """(the lines a hunk expects, the lines it leaves) of a hunk's body."""
    old = [line[1:] for line in hunk if line[:1] in (" ", "-")]
    new = [line[1:] for line in hunk if line[:1] in (" ", "+")]
    return old, new


def _apply_hunk(lines: list[str], hunk: list[str], where: str) -> list[str]:
    old, new = _hunk_lines(hunk)
    starts = [start for start in range(len(lines) - len(old) + 1)
              if lines[start:start + len(old)] == old]
    assert len(starts) == 1, (
        f"{where}: its kept and removed lines occur {len(starts)} times in the seed file, "
        "not once: copy them exactly (a kept line starts with a space), with a line or "
        f"two more of context if they repeat:\n{''.join(hunk)}")
    return lines[:starts[0]] + new + lines[starts[0] + len(old):]


def apply_patch(patch: str) -> dict[str, bytes]:
    """The files a unified diff over seed files makes, by their collection-relative path."""
    files: list[tuple[str, str, list[list[str]]]] = []  # (seed file, target, hunks)
    lines = patch.splitlines(keepends=True)
    for line, following in itertools.pairwise([*lines, ""]):
        if line.startswith("--- ") and following.startswith("+++ "):
            files.append((line[4:].strip(), following[4:].strip(), []))
        elif line.startswith("+++ ") and files and not files[-1][2]:
            continue  # the target, read with its `---` line
        elif line.startswith("@@") and files:
            files[-1][2].append([])
        elif line[:1] in (" ", "-", "+") and files and files[-1][2]:
            files[-1][2][-1].append(line)
        elif line == "\n" and files and files[-1][2]:  # a kept blank line, its space trimmed
            files[-1][2][-1].append(" \n")
        else:
            raise AssertionError(f"not a line of a unified diff over a seed file: {line!r}")
    patched: dict[str, bytes] = {}
    for seed_file, target, hunks in files:
        text = (SEED / seed_file).read_text("utf-8").splitlines(keepends=True)
        for number, hunk in enumerate(hunks, 1):
            text = _apply_hunk(text, hunk, f"hunk {number} of {seed_file}")
        patched[target] = "".join(text).encode("utf-8")
    return patched


def case_files(data: dict[str, Any]) -> dict[str, bytes]:
    """What a case writes into the collection: its copies, patches and whole files."""
    copies = {target: (SEED / source).read_bytes()
              for target, source in (data.get("copy") or {}).items()}
    whole = {path: _content(value) for path, value in (data.get("files") or {}).items()}
    return {**copies, **apply_patch(data.get("patch") or ""), **whole}


def load_case(folder: Path) -> Case:
    data = YAML(typ="safe", pure=True).load((folder / "case.yml").read_text("utf-8"))
    return Case(
        name=folder.name,
        folder=folder,
        description=str(data["description"]),
        files=case_files(data),
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


@dataclass(frozen=True)
class Ran:
    """What `check` printed and the exit code it gave."""

    stdout: str
    stderr: str
    returncode: int


def check_in_process(repo: Path, capsys: pytest.CaptureFixture[str], *options: str) -> Ran:
    """`python -m build_tools --root REPO [options] check`, run in this process (fast)."""
    capsys.readouterr()  # what came before is not check's
    exit_code = main(["--root", str(repo), *options, "check"])
    captured = capsys.readouterr()
    return Ran(captured.out, captured.err, exit_code)


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


def assert_check_said(case: Case, repo: Path, result: Ran | subprocess.CompletedProcess[str],
                      before: dict[str, tuple[int, int]]) -> None:
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


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_check_output(case: Case, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = prepared_repo(case, tmp_path)
    before = snapshot(repo)

    result = check_in_process(repo, capsys)

    assert_check_said(case, repo, result, before)


@pytest.mark.slow
def test_the_command_line_says_the_same(tmp_path: Path) -> None:
    """One case through the real command line, in a subprocess from inside the repository:
    what runs in process above is what a contributor sees."""
    case = next(c for c in CASES if len({r.code for r in c.reported}) >= 2)
    repo = prepared_repo(case, tmp_path)
    before = snapshot(repo)

    result = run_check(repo)

    if not UPDATE:
        assert_check_said(case, repo, result, before)


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


def test_a_patch_must_say_where_it_goes() -> None:
    sidecar = "articles/2025/2025-07-12-kim-jong-un-receives-lavrov.yml"
    changed = apply_patch(f"--- {sidecar}\n+++ {sidecar}\n@@\n-language: ar\n+language: en\n")
    assert b"\nlanguage: en\n" in changed[sidecar]
    with pytest.raises(AssertionError, match="occur 5 times in the seed file, not once"):
        apply_patch(f"--- {sidecar}\n+++ {sidecar}\n@@\n     role:\n+      xx: y\n")


def test_github_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    case = next(c for c in CASES if len({r.code for r in c.reported}) >= 2)
    repo = prepared_repo(case, tmp_path)

    result = check_in_process(repo, capsys, "--format", "github")

    lines = result.stdout.splitlines()
    assert len(lines) == len(case.reported) >= 2
    for line in lines:
        assert GITHUB_LINE.match(line), line
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
