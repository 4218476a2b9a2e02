"""Faults outside the happy path: two builds at once, a preview beside a build, a folder that
cannot be written, a build killed halfway, a port in use. Each ends in a message and leaves
docs/ and site/ whole; the next build after the cause is gone succeeds."""

from __future__ import annotations

import errno
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from build_tools import pipeline, write
from build_tools.config import Site
from tests.conftest import ROOT, build, digest, make_repo
from tests.test_serve import ARTICLE_URL, running

pytestmark = pytest.mark.slow  # builds, previews and kills processes


def _command(paths: pipeline.Paths, *args: str) -> list[str]:
    return [sys.executable, "-m", "build_tools", "--root", str(paths.root), *args]


def _outputs(paths: pipeline.Paths) -> tuple[dict[str, str], dict[str, str]]:
    return digest(paths.docs), digest(paths.site)


def _edit(paths: pipeline.Paths, old: str, new: str) -> None:
    topic = paths.collection / "topics" / "war-in-ukraine.yml"
    text = topic.read_text("utf-8")
    assert old in text
    topic.write_text(text.replace(old, new), "utf-8")


A, B = 'ar: "الحرب في أوكرانيا"', 'ar: "الحرب الأوكرانية"'


def test_two_builds_started_together_both_succeed_one_after_the_other(tmp_path: Path) -> None:
    paths = make_repo(tmp_path / "repo")
    build(paths)
    _edit(paths, A, B)
    reference = make_repo(tmp_path / "reference", paths.collection)
    build(reference)

    builds = [subprocess.Popen(_command(paths, "build"), cwd=ROOT, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True) for _ in range(2)]
    finished = [(process.wait(timeout=600), *process.communicate()) for process in builds]

    assert [code for code, _out, _err in finished] == [0, 0], finished
    assert sum("waiting for build (process" in err for _c, _o, err in finished) == 1, finished
    assert all("Traceback" not in err for _c, _o, err in finished)
    assert _outputs(paths) == _outputs(reference)
    assert not list(paths.root.glob(".*.old"))


def test_a_build_is_refused_while_a_preview_writes_the_checkout(tmp_path: Path) -> None:
    paths = make_repo(tmp_path / "repo")
    build(paths)
    with running(paths, tmp_path / "serve.log") as preview:
        assert preview.get(ARTICLE_URL) is not None
        before = digest(paths.site)
        refused = subprocess.run(_command(paths, "build"), cwd=ROOT, capture_output=True,
                                 text=True, timeout=120)
        assert refused.returncode == 1
        assert ".build/lock:1:1: error: preview (process" in refused.stdout
        assert "[busy]" in refused.stdout and "hint: stop it" in refused.stdout
        assert digest(paths.site) == before
        second = subprocess.run(_command(paths, "serve", "--port", "0"), cwd=ROOT,
                                capture_output=True, text=True, timeout=120)
        assert second.returncode == 1 and "[busy]" in second.stderr
    assert build(paths).ok  # the preview gone, the lock is free


def test_an_output_folder_that_cannot_be_written_is_named_before_anything_is_replaced(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """site/ refuses new files (a read-only folder or mount; root would not be refused by
    permissions, so the system's refusal is what is simulated here)."""
    paths = make_repo(tmp_path / "repo")
    build(paths)
    _edit(paths, A, B)
    before = _outputs(paths)
    real_open = os.open

    def refusing(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if Path(os.fsdecode(path)).parent == paths.site and flags & os.O_CREAT:
            raise PermissionError(errno.EACCES, "Permission denied", os.fsdecode(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", refusing)
    report = pipeline.build(paths, Site())
    monkeypatch.undo()

    assert [(d.path, d.code) for d in report.diagnostics] == [("site", "unwritable")]
    assert "Permission denied" in report.diagnostics[0].message
    assert "chmod -R u+w site" in report.diagnostics[0].hint
    assert _outputs(paths) == before
    assert not list(paths.root.glob(".*.old"))
    assert build(paths).ok  # the cause gone, the next build succeeds
    assert _outputs(paths) != before


def test_what_a_build_leaves_read_only_is_cleared_by_the_next(tmp_path: Path) -> None:
    paths = make_repo(tmp_path / "repo")
    build(paths)
    leftover = paths.root / ".site.old" / "deep" / "er"
    leftover.mkdir(parents=True)
    (leftover / "page.html").write_text("old", "utf-8")
    for folder in (leftover, leftover.parent, leftover.parent.parent):
        folder.chmod(0o555)
    assert build(paths).ok
    assert not (paths.root / ".site.old").exists()


@pytest.mark.parametrize("delay", [0.3, 0.8, 1.5, 3.0])
def test_a_build_right_after_kill_9_succeeds(tmp_path: Path, delay: float) -> None:
    paths = make_repo(tmp_path / "repo")
    build(paths)
    _edit(paths, A, B)
    reference = make_repo(tmp_path / "reference", paths.collection)
    build(reference)

    process = subprocess.Popen(_command(paths, "build"), cwd=ROOT,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(delay)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    again = subprocess.run(_command(paths, "build"), cwd=ROOT, capture_output=True, text=True,
                           timeout=600)

    assert again.returncode == 0, again.stdout + again.stderr
    assert "Traceback" not in again.stderr
    assert _outputs(paths) == _outputs(reference)
    assert not list(paths.staging.glob("pagefind-parts-*"))


def test_a_taken_port_is_said_with_another_to_use(tmp_path: Path) -> None:
    paths = make_repo(tmp_path / "repo")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        finished = subprocess.run(_command(paths, "serve", "--port", str(port)), cwd=ROOT,
                                  capture_output=True, text=True, timeout=120)
    assert finished.returncode == 1
    assert f"error: cannot serve on 127.0.0.1:{port}" in finished.stderr
    assert f"--port {port + 1}" in finished.stderr
    assert "Traceback" not in finished.stderr
    assert not paths.site.exists()  # said before anything was built


def test_the_lock_is_released_by_a_holder_that_dies(tmp_path: Path) -> None:
    staging = tmp_path / ".build"
    holder = subprocess.Popen([sys.executable, "-c", (
        "import sys, time; from pathlib import Path; from build_tools import write\n"
        f"with write.exclusive(Path({str(staging)!r}), 'preview', print):\n"
        "    print('held', flush=True); time.sleep(60)")], cwd=ROOT, stdout=subprocess.PIPE,
        text=True)
    assert holder.stdout is not None and holder.stdout.readline() == "held\n"
    with pytest.raises(write.Busy, match="preview"), write.exclusive(staging, "build", print):
        pass
    holder.kill()
    holder.wait()
    with write.exclusive(staging, "build", print):
        assert "build (process" in (staging / write.LOCK).read_text("utf-8")
