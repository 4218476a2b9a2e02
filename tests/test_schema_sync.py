"""The JSON Schemas and `check` agree on the shape of every file.

Editors judge YAML files with the schemas alone (through a YAML language server); `check`
uses the same schemas and explains their verdicts. For every file a golden case touches,
and for every file of the real collection, plain `jsonschema` and `check` must give the
same verdict: a file the schema rejects is reported by `check` with a shape problem, and
a file the schema accepts is not. Problems between files (references, quotes) and checks
the schema cannot express (a registry of language codes, ids against file names) are
`check`'s alone and are left out.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from build_tools import pipeline
from build_tools.read import read_yaml
from tests.test_check_golden import CASES, Case, Reported

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS = ROOT / "build_tools" / "schemas"
SCHEMA_OF_FOLDER = {"articles": "sidecar", "people": "entity", "glossary": "term",
                    "topics": "topic"}
# Codes `check` gives to what the schema decides: the shape of one file. `missing-language`
# is the language rule, which the schema states for the default setting (mkdocs.yml's
# required_languages) and the languages it lists.
SHAPE_CODES = frozenset({"not-a-mapping", "unknown-field", "missing-field", "wrong-type",
                         "bad-value", "bad-date", "bad-language", "empty", "duplicate-item",
                         "missing-language", "schema"})
SCHEMA_LINE = re.compile(r"^# yaml-language-server: \$schema=(?P<path>\S+)$")


@cache
def validator(name: str) -> Draft202012Validator:
    registry: Registry[Any] = Registry().with_resources(
        (path.name, Resource.from_contents(json.loads(path.read_text("utf-8")),
                                           default_specification=DRAFT202012))
        for path in sorted(SCHEMAS.glob("*.schema.json"))
    )
    schema = json.loads((SCHEMAS / f"{name}.schema.json").read_text("utf-8"))
    return Draft202012Validator(schema, registry=registry,
                                format_checker=Draft202012Validator.FORMAT_CHECKER)


def schema_name(collection_relative: str) -> str | None:
    """Which schema judges this file, or None if `check` does not read it as YAML."""
    folder = collection_relative.split("/", 1)[0]
    return SCHEMA_OF_FOLDER.get(folder) if collection_relative.endswith(".yml") else None


def is_shape_problem(problem: Reported) -> bool:
    # `check` also looks language tags up in a registry (babel): `xx` has the shape of a
    # tag, so the schema accepts it; only "is not a language tag" is the schema's verdict.
    if problem.code == "bad-language":
        return problem.message.endswith("is not a language tag")
    return problem.code in SHAPE_CODES


def assert_agree(shown_path: str, data: bytes, name: str, reported: list[Reported]) -> None:
    record, problems = read_yaml(shown_path, data)
    shape_problems = [p for p in reported if p.path == shown_path and is_shape_problem(p)]
    if record is None:  # not YAML that anyone could validate: check reports why instead
        assert problems
        assert shape_problems == []
        return
    errors = [error.message for error in validator(name).iter_errors(record.value)]
    assert bool(errors) == bool(shape_problems), (
        f"{shown_path}: the schema says {errors or 'valid'}, check says "
        f"{[p.message for p in shape_problems] or 'valid'}")


TOUCHED = [(case, relative, name) for case in CASES for relative in sorted(case.files)
           if (name := schema_name(relative))]


@pytest.mark.parametrize(("case", "relative", "name"), TOUCHED,
                         ids=[f"{case.name}:{relative}" for case, relative, _ in TOUCHED])
def test_golden_case_files(case: Case, relative: str, name: str) -> None:
    assert_agree(f"collection/{relative}", case.files[relative], name, case.reported)


def real_yaml_files() -> list[Path]:
    return sorted((ROOT / "collection").rglob("*.yml"))


def test_real_collection_is_valid_for_both() -> None:
    result = pipeline.check(pipeline.Paths(ROOT))
    assert result.diagnostics == ()
    for path in real_yaml_files():
        relative = path.relative_to(ROOT / "collection").as_posix()
        name = schema_name(relative)
        assert name, relative
        assert_agree(f"collection/{relative}", path.read_bytes(), name, [])


def test_the_golden_cases_cover_every_shape_code_that_matters() -> None:
    found = {p.code for case in CASES for p in case.reported if is_shape_problem(p)}
    assert found >= SHAPE_CODES - {"schema"}


@pytest.mark.parametrize("path", real_yaml_files(),
                         ids=lambda path: path.relative_to(ROOT).as_posix())
def test_first_line_names_the_right_schema(path: Path) -> None:
    first_line = path.read_text("utf-8").split("\n", 1)[0]
    match = SCHEMA_LINE.match(first_line)
    assert match, f"{path.name}: first line should be `# yaml-language-server: $schema=...`"
    schema = (path.parent / match["path"]).resolve()
    assert schema.is_file(), f"{match['path']} does not exist"
    folder = path.relative_to(ROOT / "collection").parts[0]
    assert schema == (SCHEMAS / f"{SCHEMA_OF_FOLDER[folder]}.schema.json").resolve()
