"""No traceback reaches a contributor: what escapes the pipeline is one message and a code.

Each failure is provoked in a real `python -m build_tools` process: through the file
system where it can be (a file where the build's staging folder should be), else by a
tiny wrapper that makes one pipeline function fail as the machine would.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from build_tools import failures

from .conftest import ROOT, make_repo

pytestmark = pytest.mark.slow  # runs the command line in subprocesses

DIAGNOSTIC = re.compile(r"^(?P<path>\S+):1:1: error: (?P<message>.+) \[(?P<code>[a-z-]+)\]$")


def run(root: Path, *args: str, before: str = "",
        env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`python -m build_tools --root ROOT ARGS`, after running `before` in its process."""
    program = "\n".join(["import sys", textwrap.dedent(before),
                         "from build_tools.__main__ import main",
                         "from build_tools.failures import guarded",
                         "sys.exit(guarded(main))"])
    return subprocess.run([sys.executable, "-c", program, "--root", str(root), *args],
                          cwd=ROOT, capture_output=True, text=True, check=False,
                          env={**os.environ, **(env or {})}, timeout=300)


def only_diagnostic(finished: subprocess.CompletedProcess[str]) -> re.Match[str]:
    """The one message of a failure: a diagnostic line and its hint, and no traceback."""
    output = finished.stdout + finished.stderr
    assert "Traceback" not in output, output
    lines = [line for line in finished.stderr.splitlines() if DIAGNOSTIC.match(line)]
    assert len(lines) == 1, finished.stderr
    assert re.search(r"^    hint: \S", finished.stderr, re.MULTILINE), finished.stderr
    match = DIAGNOSTIC.match(lines[0])
    assert match is not None
    return match


def test_a_staging_folder_that_cannot_be_made_is_named_with_the_reason(
        tmp_path: Path) -> None:
    paths = make_repo(tmp_path / "repo")
    paths.staging.write_text("not a folder")  # where the build stages docs/ and site/

    finished = run(paths.root, "build")

    assert finished.returncode == failures.INTERNAL_ERROR
    found = only_diagnostic(finished)
    assert found["code"] == "os-error"
    assert found["path"].startswith(".build"), found["path"]  # inside the repository
    assert "the system refused: Not a directory" in found["message"]
    assert "a file is where a folder should be" in finished.stderr
    quoted = re.search(r"```text\n(\.build/lock:1:1: error: .+?)\n```",
                       (ROOT / "CONTRIBUTING.md").read_text("utf-8"), re.DOTALL)
    assert quoted is not None, "CONTRIBUTING.md no longer quotes this failure"
    assert quoted.group(1) in finished.stderr
    assert not paths.site.exists()  # nothing half-built was swapped in


@pytest.mark.parametrize(("errno_name", "reason", "hint"), [
    ("ENOSPC", "No space left on device", "the disk is full"),
    ("EACCES", "Permission denied", "check the permissions"),
])
def test_a_disk_that_refuses_a_write_is_explained(
        tmp_path: Path, errno_name: str, reason: str, hint: str) -> None:
    paths = make_repo(tmp_path / "repo")
    # Every generated page goes through write_atomically, in the build's own processes.
    before = f"""
        import errno
        from build_tools import write
        def refuse(path, data):
            raise OSError(errno.{errno_name}, {reason!r}, str(path))
        write.write_atomically = refuse
    """
    finished = run(paths.root, "build", before=before)

    assert finished.returncode == failures.INTERNAL_ERROR
    found = only_diagnostic(finished)
    assert (found["code"], found["message"]) == ("os-error", f"the system refused: {reason}")
    assert found["path"].startswith(".build/docs/"), found["path"]
    assert hint in finished.stderr


def test_a_build_process_killed_midway_is_reported_not_raised(tmp_path: Path) -> None:
    paths = make_repo(tmp_path / "repo")
    # The check runs in a process forked for it (shares.isolated): kill that one, as the
    # system's out-of-memory killer would.
    before = """
        import os, signal
        from build_tools import pipeline
        def killed(*args, **kwargs):
            os.kill(os.getpid(), signal.SIGKILL)
        pipeline._check_and_generate = killed
    """
    finished = run(paths.root, "build", before=before)

    assert finished.returncode == failures.INTERNAL_ERROR
    found = only_diagnostic(finished)
    assert found["code"] == "worker-died"
    assert "signal SIGKILL" in found["message"]


def test_a_bug_says_it_is_one_and_how_to_report_it(tmp_path: Path) -> None:
    paths = make_repo(tmp_path / "repo")
    before = """
        from build_tools import pipeline
        def broken(*args, **kwargs):
            raise KeyError("participants")
        pipeline.check = broken
    """
    finished = run(paths.root, "check", before=before)

    assert finished.returncode == failures.INTERNAL_ERROR
    found = only_diagnostic(finished)
    assert found["code"] == "internal-error"
    assert found["message"] == "internal error: KeyError: 'participants'"
    assert "this is a bug in build_tools; please report it" in finished.stderr

    debug = run(paths.root, "check", before=before, env={failures.DEBUG_VARIABLE: "1"})
    assert "Traceback" in debug.stderr and debug.returncode == failures.INTERNAL_ERROR


def test_running_out_of_memory_is_explained(tmp_path: Path) -> None:
    before = """
        from build_tools import pipeline
        def exhausted(*args, **kwargs):
            raise MemoryError()
        pipeline.check = exhausted
    """
    finished = run(make_repo(tmp_path / "repo").root, "check", before=before)

    assert finished.returncode == failures.INTERNAL_ERROR
    assert only_diagnostic(finished)["code"] == "out-of-memory"


def test_ctrl_c_exits_130_quietly(tmp_path: Path) -> None:
    before = """
        import os, signal
        from build_tools import pipeline
        def interrupted(*args, **kwargs):
            os.kill(os.getpid(), signal.SIGINT)
        pipeline.check = interrupted
    """
    finished = run(make_repo(tmp_path / "repo").root, "check", before=before)

    assert finished.returncode == failures.INTERRUPTED == 128 + signal.SIGINT
    assert finished.stderr == "" and finished.stdout == ""


def test_github_format_also_annotates_the_failure(tmp_path: Path) -> None:
    paths = make_repo(tmp_path / "repo")
    paths.staging.write_text("not a folder")

    finished = run(paths.root, "--format", "github", "build")

    assert finished.returncode == failures.INTERNAL_ERROR
    assert re.search(r"^::error file=\.build.*title=os-error::", finished.stdout,
                     re.MULTILINE), finished.stdout


def test_a_reader_that_goes_away_ends_the_command_quietly(tmp_path: Path) -> None:
    """`… | head -1`: the rest of the output has no one to read it, which is no failure."""
    paths = make_repo(tmp_path / "repo")
    (paths.collection / "people" / "x.yaml").write_text("kind: person\n", "utf-8")
    finished = subprocess.run(
        f"{sys.executable} -m build_tools --root {paths.root} check | head -c 1",
        shell=True, cwd=ROOT, capture_output=True, text=True, timeout=120,
        executable="/bin/bash")
    assert "Traceback" not in finished.stderr and "Broken pipe" not in finished.stderr


def test_the_format_may_come_after_the_command(tmp_path: Path) -> None:
    paths = make_repo(tmp_path / "repo")
    (paths.collection / "people" / "x.yaml").write_text("kind: person\n", "utf-8")
    finished = run(paths.root, "check", "--format", "github")
    assert finished.returncode == 1
    assert finished.stdout.startswith("::error file=collection/people/x.yaml,line=1,col=1")
