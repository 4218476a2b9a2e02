"""Every file under collection/ is accounted for: published, or named with what it should be."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from build_tools import pipeline
from tests.conftest import SEED_ARTICLE, make_repo


def _problems(paths: pipeline.Paths) -> dict[str, str]:
    """path -> code of every diagnostic of `check`."""
    return {d.path: d.code for d in pipeline.check(paths).diagnostics}


@pytest.mark.parametrize(("stray", "code"), [
    ("peple/a.yml", "stray-folder"),                       # a misspelt registry folder
    ("README.md", "stray-file"),                           # a file beside the folders
    ("people/notes.txt", "stray-file"),                    # not a registry file
    ("people/old/a.yml", "stray-folder"),                  # registries have no subfolders
    ("articles/2025/extra/x.txt", "stray-folder"),         # nor do year folders
    ("articles/2025/x.md", "stray-file"),
    ("articles/2025/X.TXT", "extension-case"),
    ("glossary/x.YML", "extension-case"),
])
def test_a_file_that_would_not_be_published_is_named(tmp_path: Path, stray: str, code: str
                                                     ) -> None:
    paths = make_repo(tmp_path)
    (paths.collection / stray).parent.mkdir(parents=True, exist_ok=True)
    (paths.collection / stray).write_text("x\n", "utf-8")
    reported = stray if code != "stray-folder" else stray.rsplit("/", 1)[0]
    assert _problems(paths) == {f"collection/{reported}": code}


def test_a_misspelt_folder_is_reported_once_with_the_folder_it_means(tmp_path: Path) -> None:
    paths = make_repo(tmp_path)
    (paths.collection / "peple").mkdir()
    for name in ("a", "b", "c"):
        (paths.collection / "peple" / f"{name}.yml").write_text("x\n", "utf-8")
    [problem] = pipeline.check(paths).diagnostics
    assert problem.path == "collection/peple"
    assert problem.hint == ("did you mean `people/`? move its files: "
                            "mv collection/peple/* collection/people/")


def test_a_collection_that_links_outside_the_repository_is_refused(tmp_path: Path) -> None:
    outside = make_repo(tmp_path / "outside")
    paths = make_repo(tmp_path / "repo")
    os.rename(paths.collection, tmp_path / "moved")
    os.symlink(outside.collection, paths.collection)
    result = pipeline.check(paths)
    assert [(d.path, d.code) for d in result.diagnostics] == [("collection", "symlink")]
    assert pipeline.build(paths, pipeline.site_settings(paths)).ok is False
    assert not paths.site.exists()


def test_a_linked_file_inside_the_collection_is_refused(tmp_path: Path) -> None:
    paths = make_repo(tmp_path)
    text = paths.collection / f"{SEED_ARTICLE}.txt"
    target = tmp_path / "elsewhere.txt"
    os.rename(text, target)
    os.symlink(target, text)
    assert _problems(paths)[f"collection/{SEED_ARTICLE}.txt"] == "symlink"


def test_a_misspelt_folder_whose_meaning_is_missing_is_moved_whole(tmp_path: Path) -> None:
    paths = make_repo(tmp_path)
    os.rename(paths.collection / "topics", paths.collection / "topcis")
    problem = next(d for d in pipeline.check(paths).diagnostics if d.code == "stray-folder")
    assert problem.hint.endswith("mv collection/topcis collection/topics")


@pytest.mark.parametrize("misnamed", [f"{SEED_ARTICLE}.YML", "people/sergey-lavrov.yaml",
                                      f"{SEED_ARTICLE}.TXT"])
def test_a_misspelt_extension_is_one_problem_with_the_command_that_mends_it(
        tmp_path: Path, misnamed: str) -> None:
    """Not also a text without its sidecar, nor an unknown person where it is used."""
    paths = make_repo(tmp_path)
    right = paths.collection / misnamed.rsplit(".", 1)[0]
    right = right.with_suffix(".yml" if misnamed.lower().endswith(("yml", "yaml")) else ".txt")
    os.rename(right, paths.collection / misnamed)
    [problem] = [d for d in pipeline.check(paths).diagnostics if d.is_error]
    assert problem.path == f"collection/{misnamed}"
    command = problem.hint.removeprefix("rename it: ")
    assert command == f"mv collection/{misnamed} {right.relative_to(paths.root).as_posix()}"
    subprocess.run(command, shell=True, cwd=paths.root, check=True)
    assert pipeline.check(paths).diagnostics == ()
