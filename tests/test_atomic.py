"""A killed build leaves the previous docs/ and site/ intact and complete.

Each folder is swapped in by one atomic rename; the two swaps are separate, so a kill
between them may leave the new docs/ beside the previous site/ — each complete.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from build_tools import pipeline
from tests.conftest import ROOT, build, digest, make_repo

pytestmark = pytest.mark.slow  # kills builds at random points


def _state(paths: pipeline.Paths) -> tuple[dict[str, str], dict[str, str]]:
    return digest(paths.docs), digest(paths.site)


def _edit(paths: pipeline.Paths) -> None:
    """A change that reaches many pages: a topic's name appears on every page listing it."""
    topic = paths.collection / "topics" / "war-in-ukraine.yml"
    text = topic.read_text("utf-8")
    topic.write_text(text.replace('ar: "الحرب في أوكرانيا"', 'ar: "الحرب الأوكرانية"'), "utf-8")
    assert topic.read_text("utf-8") != text


def test_sigkill_at_any_point_leaves_each_output_old_or_new_never_partial(tmp_path: Path) -> None:
    paths = make_repo(tmp_path / "repo")
    build(paths)
    old = _state(paths)
    _edit(paths)
    # What a complete build of the edited collection gives (builds are reproducible).
    reference = make_repo(tmp_path / "reference", paths.collection)
    build(reference)
    new = _state(reference)
    assert new != old
    collection_before = digest(paths.collection)

    outcomes = set()
    for delay in (0.05, 0.3, 0.6, 0.9, 1.2, 1.6, 2.5):
        process = subprocess.Popen(
            [sys.executable, "-m", "build_tools", "--root", str(paths.root), "build"],
            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        state = _state(paths)
        for index, name in enumerate(("docs", "site")):
            assert state[index] in (old[index], new[index]), (
                f"killed after {delay} s: {name}/ is neither the previous output nor the new one")
        outcomes.add("new" if state == new else "old")
        assert digest(paths.collection) == collection_before, "the build wrote into collection/"
        if state == new:
            build(paths)  # an unchanged rebuild: the output stays the same
            assert _state(paths) == new
    assert "old" in outcomes, "no kill landed before the swap; the test proved nothing"
