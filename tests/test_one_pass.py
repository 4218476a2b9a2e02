"""One run of `check` reports every problem that does not depend on another, and each
summary, role and note text comes in the languages the collection's settings ask for.

The golden cases show single mistakes and a few mixtures; these tests state the rules
themselves: mistakes made together are reported exactly as each is alone, the setting
`extra.collection.required_languages` of mkdocs.yml decides the languages, and the JSON
Schema states the default rule for every language it lists, as `check` does.
"""

from __future__ import annotations

import json
import re
from functools import reduce
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from ruamel.yaml import YAML

from build_tools import pipeline
from build_tools.diagnostics import Diagnostic
from build_tools.validate import schema
from tests.conftest import SEED, SEED_ARTICLE, make_repo
from tests.test_check_golden import run_check

SIDECAR = f"{SEED_ARTICLE}.yml"
SEED_SIDECAR = (SEED / SIDECAR).read_text("utf-8")

# Mistakes in different entries of the seed sidecar, each a change within one line (so
# every other line keeps its number): (what the line holds, what it becomes).
MISTAKES = {
    "unknown participant": ("  - id: sergey-lavrov\n", "  - id: sergei-lavrov\n"),
    "misspelt key in a participant": ("  - id: alexander-matsegora\n    role:\n",
                                      "  - id: alexander-matsegora\n    rol:\n"),
    "retyped glossary quote": ('    quote: "الأزمة الأوكرانية"\n',
                               '    quote: "الازمة الاوكرانية"\n'),
    "wrong note prefix": ('    prefix: "الرفيق "\n', '    prefix: "الرفاق "\n'),
    "unknown topic": ("  - dprk-russia-relations\n", "  - dprk-russia-relation\n"),
    "summary key misspelt": ("\n  en: ", "\n  eng: "),
    "quote of the wrong type": ('    quote: "العصر الجديد"\n', "    quote: [1, 2]\n"),
    "participants misspelt": ("\nparticipants:\n", "\nparticipantz:\n"),
}


@pytest.fixture
def repo(tmp_path: Path) -> pipeline.Paths:
    return make_repo(tmp_path / "repo")


def _with(text: str, mistake: str) -> str:
    before, after = MISTAKES[mistake]
    assert text.count(before) == 1, mistake
    return text.replace(before, after)


def _check(paths: pipeline.Paths, sidecar: str) -> set[Diagnostic]:
    (paths.collection / SIDECAR).write_text(sidecar, "utf-8")
    return set(pipeline.check(paths).diagnostics)


def test_mistakes_together_are_reported_as_each_alone(repo: pipeline.Paths) -> None:
    alone = {mistake: _check(repo, _with(SEED_SIDECAR, mistake)) for mistake in MISTAKES}
    together = _check(repo, reduce(_with, MISTAKES, SEED_SIDECAR))

    for mistake, found in alone.items():
        assert any(d.is_error for d in found), f"{mistake} is not reported"
    assert together == set().union(*alone.values())


def _set_required_languages(paths: pipeline.Paths, value: str) -> int:
    """Write the setting into the repository's mkdocs.yml; the line it is on."""
    config = paths.config.read_text("utf-8")
    config, count = re.subn(r"(?m)^    required_languages: .*$",
                            f"    required_languages: {value}", config)
    assert count == 1
    paths.config.write_text(config, "utf-8")
    return config[:config.index("required_languages")].count("\n") + 1


def _annotations(sidecar: dict[str, Any]) -> int:
    """How many texts per language the sidecar writes: its summary, roles and note texts."""
    return 1 + len(sidecar["participants"]) + len(sidecar.get("notes", []))


def test_a_language_the_setting_adds_is_asked_of_every_annotation(
        repo: pipeline.Paths) -> None:
    _set_required_languages(repo, "[article, en, ru]")

    found = pipeline.check(repo).diagnostics

    sidecar = YAML(typ="safe", pure=True).load(SEED_SIDECAR)
    assert len(found) == _annotations(sidecar)
    assert {d.code for d in found} == {"missing-language"}
    assert all("Russian (`ru`)" in d.message and 'add `ru: "..."`' in d.hint for d in found)
    assert all(d.path == f"collection/{SIDECAR}" for d in found)


def test_a_language_the_setting_leaves_out_is_not_asked(repo: pipeline.Paths) -> None:
    without_english = re.sub(r"(?m)^  en: .*\n", "", SEED_SIDECAR, count=1)
    assert without_english != SEED_SIDECAR

    assert {d.code for d in _check(repo, without_english)} == {"missing-language"}
    _set_required_languages(repo, "[article]")
    assert _check(repo, without_english) == set()


def test_a_bad_setting_is_reported_where_it_is_written(repo: pipeline.Paths) -> None:
    line = _set_required_languages(repo, "[article, english]")

    result = run_check(repo.root)

    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stdout.startswith(
        f"mkdocs.yml:{line}:5: error: extra.collection.required_languages: `english`: "
        "not a language tag [bad-setting]\n")


def _listed_languages() -> list[str]:
    """The languages whose own text the sidecar schema asks for, one `if` each."""
    rules = schema.load_schema("sidecar")["allOf"]
    return [rule["if"]["properties"]["language"]["const"] for rule in rules]


@pytest.fixture(scope="module")
def validator() -> Draft202012Validator:
    return schema.validator("sidecar")


def _in_language(language: str, *, leave_out: str = "") -> dict[str, Any]:
    """The seed sidecar, as if its article were in `language`, every annotation in that
    language and English, except `leave_out` (a language) in the first note."""
    sidecar: dict[str, Any] = json.loads(json.dumps(YAML(typ="safe", pure=True).load(
        SEED_SIDECAR)))
    sidecar["language"] = language
    mappings = [sidecar["summary"], *(p["role"] for p in sidecar["participants"]),
                *(n["text"] for n in sidecar["notes"])]
    for mapping in mappings:
        mapping.clear()
        mapping.update({language: "…", "en": "…"})
    mappings[-len(sidecar["notes"])].pop(leave_out, None)
    return sidecar


@pytest.mark.parametrize("language", _listed_languages())
def test_the_schema_asks_for_the_article_language_as_check_does(
        language: str, validator: Draft202012Validator, repo: pipeline.Paths) -> None:
    complete, incomplete = _in_language(language), _in_language(language, leave_out=language)

    assert list(validator.iter_errors(complete)) == []
    assert schema.certainly_valid("sidecar", complete)  # the fast path knows the rule too
    [error] = validator.iter_errors(incomplete)
    assert (error.validator, list(error.absolute_path)) == ("required", ["notes", 0, "text"])
    assert not schema.certainly_valid("sidecar", incomplete)

    found = _check(repo, json.dumps(incomplete, ensure_ascii=False))
    assert [(d.code, d.line) for d in found if d.is_error] == [("missing-language", 1)]


def test_the_schema_asks_for_english_everywhere(validator: Draft202012Validator) -> None:
    for language in [*_listed_languages(), "fa"]:
        errors = list(validator.iter_errors(_in_language(language, leave_out="en")))
        assert [(e.validator, list(e.absolute_path)) for e in errors] == [
            ("required", ["notes", 0, "text"])]


def test_the_fast_path_still_compiles_the_sidecar_schema() -> None:
    # Without it, every sidecar would go through jsonschema, the slow reference.
    assert schema._fast_check("sidecar") is not None
