"""`python -m build_tools add KIND ID`: a registry stub that check stops until it is filled."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from build_tools import pipeline
from build_tools.__main__ import main
from build_tools.models import Entity, Term, Topic
from build_tools.read import read_yaml
from build_tools.scaffold import stubs

from .conftest import ROOT, SEED, make_repo
from .test_check_golden import load_case

FOLDER = {"person": "people", "organisation": "people", "term": "glossary", "topic": "topics"}
# What a person writes in place of each `# TODO` line of a stub.
FILLED = {
    "names": 'names:\n  en: "Wang Yajun"\n  ar: "وانغ يا جيون"',
    "description": 'description:\n  en: "Ambassador of China to the DPRK."\n'
                   '  ar: "سفير الصين لدى كوريا الديمقراطية."',
    "definition": 'definition:\n  en: "A short definition."\n  ar: "تعريف قصير."',
}
# Without a name, a term's or topic's stub would be comments alone: they need one given.
GIVEN = {"person": [], "organisation": [], "term": ["--name-en", "Wang Yajun"],
         "topic": ["--name-en", "Wang Yajun"]}
REQUIRED_TODO = {"person": ["names", "description"], "organisation": ["names", "description"],
                 "term": ["definition"], "topic": []}


@pytest.fixture()
def repo(tmp_path: Path) -> pipeline.Paths:
    return make_repo(tmp_path / "repo")


def run_add(paths: pipeline.Paths, *args: str) -> int:
    return main(["--root", str(paths.root), "add", *args])


def value_of(path: Path) -> dict[str, object]:
    record, problems = read_yaml(path.name, path.read_bytes())
    assert record is not None and not problems, problems
    assert isinstance(record.value, dict)
    return record.value


def errors_in(paths: pipeline.Paths, path: Path) -> list[str]:
    shown = path.relative_to(paths.root).as_posix()
    return sorted(d.message for d in pipeline.check(paths).diagnostics
                  if d.is_error and d.path == shown)


def fill(path: Path) -> None:
    text = path.read_text("utf-8")
    for field, written in FILLED.items():
        text = re.sub(rf"(?m)^# TODO: {field}:.*$", written, text)
    path.write_text(text, "utf-8")


@pytest.mark.parametrize("kind", sorted(stubs.KINDS))
def test_a_stub_fails_check_on_its_todos_until_they_are_written(
        repo: pipeline.Paths, kind: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_add(repo, kind, "wang-yajun", *GIVEN[kind]) == 0
    stub = repo.collection / FOLDER[kind] / "wang-yajun.yml"
    printed = capsys.readouterr().out
    assert f"wrote collection/{FOLDER[kind]}/wang-yajun.yml" in printed

    # The first line of every registry file of that folder, as the seed's files have it.
    seed_first = (next((SEED / FOLDER[kind]).glob("*.yml"))).read_text("utf-8").split("\n")[0]
    assert stub.read_text("utf-8").split("\n")[0] == seed_first
    todo_fields = re.findall(r"(?m)^# TODO: (\w+):", stub.read_text("utf-8"))
    assert todo_fields == REQUIRED_TODO[kind]
    assert errors_in(repo, stub) == [f"missing required field `{field}` in the file"
                                     for field in sorted(todo_fields)]
    for field in todo_fields:
        assert f"  {field}: `en` and `ar`" in printed  # the report lists each one

    fill(stub)
    if GIVEN[kind]:  # what was not given: uncomment the other language's line, and fill it
        stub.write_text(stub.read_text("utf-8").replace('  # ar: "..."', '  ar: "وانغ يا جيون"'),
                        "utf-8")
    result = pipeline.check(repo)
    assert result.ok, [d.message for d in result.diagnostics]
    assert result.collection is not None
    collection = result.collection
    registered: tuple[Entity | Term | Topic, ...] = (
        collection.entities if FOLDER[kind] == "people" else
        collection.terms if FOLDER[kind] == "glossary" else collection.topics)
    names = [dict(entry.names) for entry in registered if entry.id == "wang-yajun"]
    assert names == [{"en": "Wang Yajun", "ar": "وانغ يا جيون"}]


def test_a_filled_stub_reads_like_the_registry_files_already_there(
        repo: pipeline.Paths) -> None:
    assert run_add(repo, "person", "wang-yajun") == 0
    stub = repo.collection / "people" / "wang-yajun.yml"
    fill(stub)
    seed = value_of(SEED / "people" / "sergey-lavrov.yml")
    assert list(value_of(stub)) == [key for key in seed if key != "aliases"]  # same order
    assert value_of(stub)["kind"] == "person"


def test_names_given_are_written_as_given_and_only_the_rest_is_todo(
        repo: pipeline.Paths) -> None:
    # Text, never markup or YAML: quotes, a colon, a hash, tags and a line break.
    english = 'Wang "the envoy": #1 <b>Yajun</b>\nsecond line'
    assert run_add(repo, "organisation", "chinese-embassy", "--name-ar", "سفارة الصين",
                   "--name-en", english) == 0
    stub = repo.collection / "people" / "chinese-embassy.yml"
    assert value_of(stub)["names"] == {"en": english, "ar": "سفارة الصين"}
    assert value_of(stub)["kind"] == "organisation"
    assert errors_in(repo, stub) == ["missing required field `description` in the file"]


def test_one_name_given_leaves_the_other_as_a_suggestion(repo: pipeline.Paths) -> None:
    assert run_add(repo, "topic", "sanctions", "--name-en", "Sanctions") == 0
    stub = repo.collection / "topics" / "sanctions.yml"
    assert value_of(stub) == {"names": {"en": "Sanctions"}}
    assert '  # ar: "..."' in stub.read_text("utf-8")
    assert pipeline.check(repo).ok  # a topic needs nothing more


@pytest.mark.parametrize(("wanted", "suggested"), [
    ("Wang Yajun", "wang-yajun"), ("wang--yajun", "wang-yajun"), ("وانغ", "a-name"),
    ("wang_yajun2", "wang-yajun2"),
])
def test_an_id_that_is_not_one_is_refused_with_a_valid_one(
        repo: pipeline.Paths, wanted: str, suggested: str,
        capsys: pytest.CaptureFixture[str]) -> None:
    before = sorted(p.name for p in (repo.collection / "people").iterdir())
    assert run_add(repo, "person", wanted) == 1
    printed = capsys.readouterr().out
    assert f"error: `{wanted}` is not a valid id [bad-id]" in printed
    assert f"e.g. python -m build_tools add person {suggested}" in printed
    assert sorted(p.name for p in (repo.collection / "people").iterdir()) == before


def test_an_id_the_registry_has_is_refused_and_left_alone(
        repo: pipeline.Paths, capsys: pytest.CaptureFixture[str]) -> None:
    existing = repo.collection / "glossary" / "strategic-dialogue.yml"
    before = existing.read_bytes()
    assert run_add(repo, "term", "strategic-dialogue", "--name-en", "Dialogue") == 1
    printed = capsys.readouterr().out
    assert ("collection/glossary/strategic-dialogue.yml:1:1: error: the registry already has "
            "`strategic-dialogue`; add never overwrites [exists]") in printed
    assert "hint: edit collection/glossary/strategic-dialogue.yml if it is the same term" \
        in printed
    assert existing.read_bytes() == before


@pytest.mark.parametrize("kind", ["term", "topic"])
def test_a_term_or_topic_without_a_name_is_refused(
        repo: pipeline.Paths, kind: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_add(repo, kind, "sanctions") == 1
    printed = capsys.readouterr().out
    assert f"error: a {kind} needs its name to start the file [no-name]" in printed
    assert f'hint: pass it: python -m build_tools add {kind} sanctions --name-en "..."' in printed
    assert not (repo.collection / FOLDER[kind] / "sanctions.yml").exists()


def test_an_empty_name_is_refused(repo: pipeline.Paths,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    assert run_add(repo, "person", "wang-yajun", "--name-ar", "  ") == 1
    assert "the `ar` name is empty [empty-name]" in capsys.readouterr().out
    assert not (repo.collection / "people" / "wang-yajun.yml").exists()


def test_a_look_alike_of_a_registered_entry_is_written_with_warnings(
        repo: pipeline.Paths, capsys: pytest.CaptureFixture[str]) -> None:
    # Another stub not filled in yet: its names still count.
    assert run_add(repo, "person", "wang-yajun", "--name-en", "Wang Yajun") == 0
    assert run_add(repo, "person", "sergei-lavrov", "--name-ar", "لأفروف") == 0
    assert run_add(repo, "person", "wang-ya-jun", "--name-en", "wang yajun") == 0
    printed = capsys.readouterr().out
    assert ("warning: the registry has `sergey-lavrov` (collection/people/sergey-lavrov.yml) "
            "[similar-id]") in printed
    # Through hamza differences, as check matches names.
    assert "«لأفروف» (--name-ar) is already a name of `sergey-lavrov`" in printed
    assert "«wang yajun» (--name-en) is already a name of `wang-yajun`" in printed
    assert (repo.collection / "people" / "sergei-lavrov.yml").is_file()


def test_new_offers_add_for_the_names_it_could_not_find(
        repo: pipeline.Paths, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    known = tmp_path / "known.txt"
    known.write_text("عنوان\n\nفي يوم 3 أيلول 2025 استقبل سيرغي لافروف السفير وانغ يا جيون.\n",
                     "utf-8")
    assert main(["--root", str(repo.root), "new", str(known)]) == 0
    printed = capsys.readouterr().out
    assert "a person, organisation or term the text names is not listed above?" in printed
    assert 'python -m build_tools add person ID --name-ar "..." --name-en "..."' in printed

    unknown = tmp_path / "unknown.txt"
    unknown.write_text("عنوان\n\nفي يوم 4 أيلول 2025 استقبل وانغ يي السفير تشو.\n", "utf-8")
    assert main(["--root", str(repo.root), "new", str(unknown), "--id", "wang-yi"]) == 0
    printed = capsys.readouterr().out
    assert "nobody the registries know is named in the text" in printed
    assert "python -m build_tools add person ID" in printed


def test_the_guides_add_example_prints_what_the_guide_quotes(repo: pipeline.Paths) -> None:
    guide = (ROOT / "CONTRIBUTING.md").read_text("utf-8")
    found = re.search(r"```bash\n(python -m build_tools add person wang-yajun .+?)\n```\n\n"
                      r"```text\n(.+?)\n```", guide, re.DOTALL)
    assert found is not None, "CONTRIBUTING.md no longer shows an add example"
    arguments = shlex.split(found.group(1))[3:]  # after python -m build_tools
    finished = subprocess.run([sys.executable, "-m", "build_tools", "--root", str(repo.root),
                               *arguments], cwd=ROOT, capture_output=True, text=True,
                              check=False)
    assert finished.returncode == 0, finished.stdout + finished.stderr
    assert found.group(2) in finished.stdout


def test_the_golden_case_of_an_unfilled_stub_is_what_add_writes() -> None:
    """tests/golden/check/registry-stub-unfilled shows what check says of a stub: of this one."""
    case = load_case(ROOT / "tests" / "golden" / "check" / "registry-stub-unfilled")
    request = stubs.Request("person", "wang-yajun", (("ar", "وانغ يا جيون"), ("en", "Wang Yajun")))
    assert case.files["people/wang-yajun.yml"] == stubs.stub(request).encode("utf-8")
