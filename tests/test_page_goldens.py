"""Golden pages: every file `generate` writes into docs/, for two small collections, byte for byte.

tests/golden/pages/<collection>/ mirrors the generated part of docs/ (the files
`write.read_manifest` lists) of one collection:

    seed/    the seed collection (tests/fixtures/seed), with Site()
    paged/   the seed and three synthetic articles (benchmarks/synthetic.py, seed 7: two of
             2025, one of 2021), with Site(page_size=2): people, terms and a year continue
             on page-2, and the timeline has two years

A file under assets/ (the WOFF2 fonts, the search box's folding script: copied as they
are from their packages, not made from the collection) is kept as its SHA-256, in
`<name>.sha256`; every other file is kept whole, so a failure shows a unified diff of the
page. Only `generate` runs
(no MkDocs, no Pagefind): a change anywhere from reading to rendering shows up here, and a
refactoring that should change nothing must leave every byte of these trees as it is.

To accept the current pages after a deliberate change, regenerate both trees, then review
the diff:

    UPDATE_GOLDENS=1 .venv/bin/python -m pytest tests/test_page_goldens.py
"""

from __future__ import annotations

import difflib
import hashlib
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from build_tools import pipeline, write
from build_tools.config import Site
from tests.conftest import make_repo
from tests.support import synthetic

GOLDEN = Path(__file__).resolve().parent / "golden" / "pages"
UPDATE = os.environ.get("UPDATE_GOLDENS") == "1"
COPIED = "assets/"  # files copied as they are: their digest stands for them
DIGEST = ".sha256"


def seed_collection(target: Path) -> pipeline.Paths:
    return make_repo(target)


def paged_collection(target: Path) -> pipeline.Paths:
    """The seed, and three synthetic articles with their small registries beside it."""
    paths = make_repo(target / "repo")
    sizes = synthetic.Sizes(people=8, terms=12, topics=3)
    added = synthetic.write_collection(target / "synthetic", 3, 7, sizes)
    for source in sorted(added.rglob("*")):
        destination = paths.collection / source.relative_to(added)
        if source.is_file():
            assert not destination.exists(), f"{destination} is in the seed already"
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, destination)
    return paths


COLLECTIONS: dict[str, tuple[Callable[[Path], pipeline.Paths], Site]] = {
    "seed": (seed_collection, Site()),
    "paged": (paged_collection, Site(page_size=2)),
}


def golden_name(generated: str) -> str:
    """The file in the golden tree that stands for a generated file."""
    return generated + DIGEST if generated.startswith(COPIED) else generated


def golden_bytes(generated: str, content: bytes) -> bytes:
    if generated.startswith(COPIED):
        return f"{hashlib.sha256(content).hexdigest()}  {Path(generated).name}\n".encode()
    return content


def golden_files(collection: str) -> list[str]:
    folder = GOLDEN / collection
    return sorted(path.relative_to(folder).as_posix()
                  for path in folder.rglob("*") if path.is_file())


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, bytes]]:
    """Each collection's generated files as the golden tree keeps them, by golden name."""
    trees = {}
    for collection, (make, site) in COLLECTIONS.items():
        paths = make(tmp_path_factory.mktemp(collection))
        report = pipeline.generate(paths, site)
        assert report.ok, "\n".join(d.message for d in report.diagnostics)
        trees[collection] = {
            golden_name(name): golden_bytes(name, (paths.docs / name).read_bytes())
            for name in sorted(write.read_manifest(paths.docs))}
    return trees


def rewrite(collection: str, files: dict[str, bytes]) -> None:
    folder = GOLDEN / collection
    shutil.rmtree(folder, ignore_errors=True)
    for name, content in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(content)


@pytest.mark.parametrize("collection", sorted(COLLECTIONS))
def test_the_same_files_are_generated(collection: str,
                                      generated: dict[str, dict[str, bytes]]) -> None:
    if UPDATE:
        rewrite(collection, generated[collection])
    expected, actual = golden_files(collection), sorted(generated[collection])
    assert actual == expected, "\n".join(difflib.unified_diff(
        expected, actual, f"golden/pages/{collection}", "generated", lineterm=""))


def _cases() -> list[tuple[str, str]]:
    return [(collection, name) for collection in sorted(COLLECTIONS)
            for name in golden_files(collection)]


CASES = _cases()


@pytest.mark.parametrize(("collection", "name"), CASES,
                         ids=[f"{collection}/{name}" for collection, name in CASES])
def test_page(collection: str, name: str, generated: dict[str, dict[str, bytes]]) -> None:
    actual = generated[collection].get(name)
    if actual is None:
        pytest.skip("no longer generated (test_the_same_files_are_generated says so)")
    expected = (GOLDEN / collection / name).read_bytes()
    if actual == expected:
        return
    diff = difflib.unified_diff(
        expected.decode("utf-8", "replace").splitlines(keepends=True),
        actual.decode("utf-8", "replace").splitlines(keepends=True),
        f"tests/golden/pages/{collection}/{name}", "generated")
    pytest.fail("the page changed (UPDATE_GOLDENS=1 accepts it):\n" + "".join(diff),
                pytrace=False)
