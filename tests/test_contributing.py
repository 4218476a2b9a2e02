"""CONTRIBUTING.md's worked example works as written, on a copy of a fresh clone.

The example is how the seed article entered the collection, so the test takes it out of a
copy of the repository and follows the guide's steps with the guide's own commands.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, make_repo

pytestmark = pytest.mark.slow  # replays the worked example on the command line

GUIDE = (ROOT / "CONTRIBUTING.md").read_text("utf-8")
ARTICLE = "collection/articles/2025/2025-07-12-kim-jong-un-receives-lavrov"


def _commands(step: str) -> list[list[str]]:
    """The `python -m build_tools …` lines of one numbered step of the guide."""
    section = GUIDE.split(f"### {step}", 1)[1].split("\n### ", 1)[0]
    lines = re.findall(r"^python -m build_tools (.+?)(?:\s+#.*)?$", section, re.MULTILINE)
    return [line.split() for line in lines]


def _run(root: Path, args: list[str], home: Path) -> subprocess.CompletedProcess[str]:
    args = [arg.replace("~", str(home)) for arg in args]
    return subprocess.run([sys.executable, "-m", "build_tools", "--root", str(root), *args],
                          cwd=ROOT, capture_output=True, text=True, check=False)


def test_the_worked_example_works_as_written(tmp_path: Path) -> None:
    paths = make_repo(tmp_path / "repo")
    downloads = tmp_path / "home" / "Downloads"
    downloads.mkdir(parents=True)
    text = paths.root / f"{ARTICLE}.txt"
    shutil.move(text, downloads / "kcna-2025-07-12.txt")
    written_sidecar = (paths.root / f"{ARTICLE}.yml").read_bytes()
    (paths.root / f"{ARTICLE}.yml").unlink()

    first, second = _commands("2.")
    refused = _run(paths.root, first, tmp_path / "home")
    assert refused.returncode == 1
    assert "but not the year [date-without-year]" in refused.stdout
    assert "hint: pass the publication date: --date YYYY-07-12" in refused.stdout

    scaffolded = _run(paths.root, second, tmp_path / "home")
    assert scaffolded.returncode == 0, scaffolded.stdout + scaffolded.stderr
    assert f"wrote {ARTICLE}.txt" in scaffolded.stdout
    assert text.read_bytes() == (downloads / "kcna-2025-07-12.txt").read_bytes()

    [check] = _commands("4.")
    failing = _run(paths.root, check, tmp_path / "home")
    assert failing.returncode == 1
    quoted = re.search(r"```text\n(.+?missing-field\])", GUIDE.split("### 4.", 1)[1])
    assert quoted is not None, "step 4 no longer quotes check's message"
    assert quoted.group(1) in failing.stdout

    (paths.root / f"{ARTICLE}.yml").write_bytes(written_sidecar)  # the TODOs, written
    passing = _run(paths.root, check, tmp_path / "home")
    assert passing.returncode == 0, passing.stdout
    assert "check: 0 errors" in passing.stderr
