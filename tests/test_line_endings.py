"""Any platform: a clone made with Git for Windows' default (core.autocrlf=true) checks
clean, because .gitattributes keeps texts byte for byte and every other file LF.

`git clone` of a local path checks out what is committed, so each test commits a
repository it made (the seed collection, with or without the real .gitattributes) and
clones that."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT, SEED, SEED_ARTICLE, make_repo
from tests.git import ENV, commit_all, git
from tests.test_check_golden import parse_output, run_check

pytestmark = pytest.mark.slow  # clones repositories with git


def windows_clone(tmp_path: Path, attributes: bool) -> Path:
    source = tmp_path / "source"
    make_repo(source)
    if attributes:
        shutil.copy2(ROOT / ".gitattributes", source / ".gitattributes")
    commit_all(source, "the seed collection")
    git(tmp_path, "-c", "core.autocrlf=true", "clone", "-q", str(source), "clone")
    return tmp_path / "clone"


def test_a_windows_clone_keeps_texts_and_checks_clean(tmp_path: Path) -> None:
    clone = windows_clone(tmp_path, attributes=True)

    result = run_check(clone)

    assert result.returncode == 0, result.stdout
    assert result.stdout == ""
    for suffix in (".txt", ".yml"):
        article = f"collection/{SEED_ARTICLE}{suffix}"
        assert (clone / article).read_bytes() == (SEED / f"{SEED_ARTICLE}{suffix}").read_bytes()
    assert b"\r" not in (clone / "mkdocs.yml").read_bytes()


def test_without_the_attributes_the_same_clone_fails(tmp_path: Path) -> None:
    """The control: on this machine autocrlf=true really does write CR LF, so the test
    above passes because of .gitattributes, not by luck."""
    clone = windows_clone(tmp_path, attributes=False)

    result = run_check(clone)

    assert result.returncode == 1
    problems = parse_output(result.stdout)
    # Quotes wait for their text meanwhile (a warning): every error is the line endings.
    assert problems and {p.code for p in problems if p.severity == "error"} == {"line-endings"}
    assert f"collection/{SEED_ARTICLE}.txt" in {p.path for p in problems}


def test_the_hint_s_command_gives_the_file_back_with_lf(tmp_path: Path) -> None:
    """The command the [line-endings] hint gives for a file git wrote with CR LF works, in a
    clone that keeps core.autocrlf=true in its configuration, as Git for Windows does."""
    clone = windows_clone(tmp_path, attributes=False)
    git(clone, "config", "core.autocrlf", "true")
    problems = [p for p in parse_output(run_check(clone).stdout) if p.code == "line-endings"]
    assert len(problems) >= 2

    for problem in problems:
        [hint] = [h for h in problem.hints if h.startswith("if git wrote them")]
        command = hint.split(": ", 1)[1].removesuffix(" (commit your own edits of the file first)")
        subprocess.run(["bash", "-c", command], cwd=clone, env=ENV, check=True, timeout=60)
        assert b"\r" not in (clone / problem.path).read_bytes(), problem.path

    result = run_check(clone)
    assert result.returncode == 0, result.stdout
    assert git(clone, "status", "--porcelain", "--", "collection") == ""  # nothing to commit
