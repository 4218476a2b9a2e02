"""The processes a build shares its articles out to, and the writes into its staging area."""

from __future__ import annotations

import functools
import os
from pathlib import Path

import pytest

from build_tools import write
from build_tools.runtime.executor import Share, Shares, isolated


def _keep(share: Share[list[int]]) -> int:
    share.kept["mine"] = share.mine(share.shared)
    return os.getpid()


def _sum_kept(share: Share[list[int]], plus: int) -> list[int]:
    return [item + plus for item in share.kept["mine"]]


def _fail(share: Share[list[int]]) -> None:
    if share.number == 1:
        raise KeyError("in the second process")


def _die(share: Share[list[int]]) -> None:
    if share.number == 0:
        os._exit(3)


@pytest.mark.parametrize("count", [1, 3])
def test_each_process_keeps_its_run_of_the_items_between_steps(count: int) -> None:
    items = list(range(10))
    with Shares(count, items) as shares:
        pids = shares.run(_keep)
        results = shares.run(_sum_kept, 100)
    assert len(set(pids)) == count
    assert (os.getpid() in pids) == (count == 1)  # one share runs here, more are forked
    # Runs, in order, covering every item once.
    assert [item for result in results for item in result] == [i + 100 for i in items]
    assert all(result for result in results)


def test_a_step_that_fails_raises_its_error_here() -> None:
    with Shares(2, [1, 2]) as shares, pytest.raises(KeyError, match="second process"):
        shares.run(_fail)


def test_a_process_that_dies_is_reported_not_waited_for() -> None:
    with Shares(2, [1, 2]) as shares, pytest.raises(RuntimeError, match="ended with code 3"):
        shares.run(_die)


def _busy(share: Share[list[int]]) -> int:
    return sum(i * i for i in range(2_000_000))


def test_forked_processes_report_what_they_spent() -> None:
    with Shares(2, list(range(4))) as shares:
        shares.run(_busy)
        assert shares.cpu > 0.01 and shares.peak_memory > 1 << 20


def test_an_isolated_action_returns_its_result_or_raises_its_error() -> None:
    assert isolated(os.getpid) != os.getpid()
    with pytest.raises(KeyError, match="in the child"):
        isolated(functools.partial(_raise, KeyError("in the child")))


def _raise(error: BaseException) -> None:
    raise error


def test_staged_writes_make_new_files_and_never_write_through_a_hard_link(tmp_path: Path,
                                                                            ) -> None:
    docs, staging = tmp_path / "docs", tmp_path / "staging"
    (docs / "a").mkdir(parents=True)
    (docs / "a" / "same.md").write_bytes(b"same")
    (docs / "a" / "old.md").write_bytes(b"old")
    write.stage_copy(docs, staging)  # hard links to docs/'s files
    names, written, unchanged = write.write_files(
        [("a/same.md", b"same"), ("a/old.md", b"new"), ("a/b/fresh.md", b"fresh")],
        staging, staged=True)
    assert (written, unchanged) == (2, 1)
    assert names == {"a/same.md", "a/old.md", "a/b/fresh.md"}
    assert (staging / "a" / "old.md").read_bytes() == b"new"
    assert (staging / "a" / "b" / "fresh.md").read_bytes() == b"fresh"
    assert (docs / "a" / "old.md").read_bytes() == b"old"  # the live file is untouched
    assert not (docs / "a" / "b").exists()


def test_a_folder_another_process_makes_meanwhile_is_written_into(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "staging" / "articles"

    def listed_before_the_other_made_it(path: Path) -> list[str]:
        folder.mkdir(parents=True, exist_ok=True)  # the other process, in between
        raise FileNotFoundError(path)

    monkeypatch.setattr(os, "listdir", listed_before_the_other_made_it)
    _names, written, _unchanged = write.write_files([("articles/a.md", b"a")],
                                                    tmp_path / "staging", staged=True)
    assert written == 1 and (folder / "a.md").read_bytes() == b"a"
