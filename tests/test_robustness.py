"""Whatever is in collection/, check and build end with diagnostics and an exit code.

Property-based: hypothesis mutates the seed's sidecar, registry entries and text (fixed seed,
bounded examples) and every run must finish without an exception escaping.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from build_tools import pipeline
from build_tools.config import Site
from tests.conftest import SEED, SEED_ARTICLE, make_repo

pytestmark = pytest.mark.slow  # checks and builds hundreds of mutated collections

SIDECAR = Path(f"{SEED_ARTICLE}.yml")
TEXT = SIDECAR.with_suffix(".txt")
PERSON = Path("people/sergey-lavrov.yml")
TERM = Path("glossary/strategic-dialogue.yml")

ALIAS_BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
    f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
    for i in range(9))
DEEP = "a: " + "[" * 5000 + "]" * 5000 + "\n"
SNIPPETS = [ALIAS_BOMB, DEEP, "date: 1\ndate: 2\n", "x: !!python/object:os.system ls\n",
            "\x00", "\ufeff", "\r\n", "\r", "<<: *nothing\n", "- - - -\n", "'", "{", "---\n",
            "summary: " + "ش" * 300_000 + "\n", "? [a, b]\n: c\n", "&a a: *a\n"]

SETTINGS = settings(max_examples=50, derandomize=True, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow])


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> pipeline.Paths:
    return make_repo(tmp_path_factory.mktemp("robust"))


def _mutations() -> st.SearchStrategy[Callable[[bytes], bytes]]:
    def splice(data: bytes, at: int, cut: int, insert: bytes) -> bytes:
        at = at % (len(data) + 1)
        return data[:at] + insert + data[at + cut:]

    inserts = st.one_of(
        st.binary(max_size=40),
        st.text(max_size=40).map(lambda t: t.encode("utf-8", "surrogatepass")),
        st.sampled_from(SNIPPETS).map(lambda t: t.encode("utf-8", "surrogatepass")),
    )
    return st.builds(
        lambda at, cut, insert: (lambda data: splice(data, at, cut, insert)),
        st.integers(min_value=0, max_value=20_000), st.integers(min_value=0, max_value=200),
        inserts)


def _assert_ends_with_diagnostics(paths: pipeline.Paths) -> None:
    result = pipeline.check(paths)  # an exception here fails the test
    for diagnostic in result.diagnostics:
        assert diagnostic.line >= 1 and diagnostic.column >= 1
        assert diagnostic.message and diagnostic.code
    if result.collection is None:
        assert any(d.is_error for d in result.diagnostics)


@pytest.mark.parametrize("target", [SIDECAR, TEXT, PERSON, TERM], ids=str)
def test_check_never_crashes_on_mutated_files(repo: pipeline.Paths, target: Path) -> None:
    original = (SEED / target).read_bytes()

    @SETTINGS
    @given(mutation=_mutations())
    @example(mutation=lambda data: ALIAS_BOMB.encode())
    @example(mutation=lambda data: DEEP.encode())
    @example(mutation=lambda data: data.replace(b"\n", b"\r\n", 3))
    @example(mutation=lambda data: data[: len(data) // 2] + b"\xff\xfe" + data[len(data) // 2:])
    def run(mutation: Callable[[bytes], bytes]) -> None:
        (repo.collection / target).write_bytes(mutation(original))
        _assert_ends_with_diagnostics(repo)

    try:
        run()
    finally:
        (repo.collection / target).write_bytes(original)


@st.composite
def _yaml_values(draw: st.DrawFn) -> object:
    leaves = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
                       st.text(max_size=30))
    return draw(st.recursive(leaves, lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.text(max_size=10), children, max_size=4)), max_leaves=20))


def test_check_never_crashes_on_wrong_types_anywhere(repo: pipeline.Paths) -> None:
    import io

    from ruamel.yaml import YAML

    yaml = YAML(typ="safe", pure=True)
    original = (repo.collection / SIDECAR).read_bytes()
    document = yaml.load(original)
    keys = sorted(document)

    @SETTINGS
    @given(key=st.sampled_from(keys), value=_yaml_values(), extra=st.booleans())
    def run(key: str, value: object, extra: bool) -> None:
        mutated = dict(document)
        mutated[key if not extra else f"{key}x"] = value
        buffer = io.StringIO()
        yaml.dump(mutated, buffer)
        (repo.collection / SIDECAR).write_text(buffer.getvalue(), "utf-8")
        _assert_ends_with_diagnostics(repo)

    try:
        run()
    finally:
        (repo.collection / SIDECAR).write_bytes(original)


def test_build_never_crashes_and_writes_nothing_on_bad_input(tmp_path: Path) -> None:
    paths = make_repo(tmp_path)
    original = (paths.collection / SIDECAR).read_bytes()

    @settings(max_examples=15, derandomize=True, deadline=None)
    @given(mutation=_mutations())
    def run(mutation: Callable[[bytes], bytes]) -> None:
        (paths.collection / SIDECAR).write_bytes(mutation(original))
        report = pipeline.build(paths, Site())
        if not report.ok:
            assert not paths.site.exists()
        shutil.rmtree(paths.site, ignore_errors=True)
        shutil.rmtree(paths.root / ".build", ignore_errors=True)

    run()
