"""The schema fast path against jsonschema: it may only ever say "certainly valid" of a
value jsonschema finds no error in.

`schema.certainly_valid` compiles the schemas to closures that answer yes or "ask
jsonschema"; a wrong yes would let a mistake through `check` unreported. Held here to the
reference on every real YAML file (the seed and the live collection) and on random
mutations of them: fields removed, added, or replaced by values of any shape.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from build_tools.read import read_yaml
from build_tools.validate import schema
from tests.conftest import ROOT, SEED

SCHEMA_OF_FOLDER = {"articles": "sidecar", "people": "entity", "glossary": "term",
                    "topics": "topic"}


def _records() -> list[tuple[str, str, Any]]:
    """(schema name, path, value) of every YAML file of the seed and of collection/."""
    records = []
    for collection in (SEED, ROOT / "collection"):
        for path in sorted(collection.rglob("*.yml")):
            folder = path.relative_to(collection).parts[0]
            record, problems = read_yaml(str(path), path.read_bytes())
            assert record is not None and not problems, (path, problems)
            records.append((SCHEMA_OF_FOLDER[folder], path.relative_to(ROOT).as_posix(),
                            record.value))
    return records


RECORDS = _records()


def errors(name: str, value: Any) -> list[str]:
    return [error.message for error in schema.validator(name).iter_errors(value)]


@pytest.mark.parametrize(("name", "value"), [(name, value) for name, _, value in RECORDS],
                         ids=[path for _, path, _ in RECORDS])
def test_every_real_file_is_certainly_valid_and_valid(name: str, value: Any) -> None:
    assert errors(name, value) == []
    assert schema.certainly_valid(name, value), "the fast path should know the real files"


# Values a schema cares about (dates, language tags, ids, URLs) among ones of any shape.
STRINGS = st.text(max_size=4) | st.sampled_from([
    "2025-07-12", "2025-02-30", "2025/07/12", "ar", "en", "xx", "ko-Latn", "kim-jong-un",
    "Kim_Jong_Un", "person", "organisation", "", " ", "javascript:alert(1)",
    "https://example.org/", "الحوار الاستراتيجي"])
SCALARS = st.none() | st.booleans() | st.integers(-2, 3) | STRINGS
KEYS = st.sampled_from(["ar", "en", "id", "role", "quote", "prefix", "kind", "names",
                        "forms", "text", "date", "summary", "term", "topics", "sumary"])
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=3)
                      | st.dictionaries(KEYS, inner, max_size=3), max_leaves=6)


def _mutate(value: Any, data: st.DataObject) -> Any:
    """`value` with one thing changed somewhere inside it (a copy): mostly small changes
    that may keep it valid (another string, a field or item less, an item twice), which
    is where a fast path can be wrong, sometimes a value of any shape."""
    if isinstance(value, str):
        return data.draw(STRINGS) if data.draw(st.integers(0, 3)) else data.draw(VALUES)
    if not isinstance(value, dict | list):
        return data.draw(VALUES)
    children = sorted(value) if isinstance(value, dict) else list(range(len(value)))
    actions = ["replace", "add"] + (["descend"] * 4 + ["delete"] * 2 if children else [])
    if isinstance(value, list) and children:
        actions.append("repeat")
    action = data.draw(st.sampled_from(actions))
    if action == "replace":
        return data.draw(VALUES)
    changed = copy.copy(value)
    if action == "add":
        if isinstance(changed, dict):
            changed[data.draw(KEYS)] = data.draw(VALUES)
        else:
            changed.insert(data.draw(st.integers(0, len(changed))), data.draw(VALUES))
        return changed
    child = data.draw(st.sampled_from(children))
    if action == "repeat":
        changed.append(copy.deepcopy(value[child]))
    elif action == "delete":
        del changed[child]
    else:
        changed[child] = _mutate(value[child], data)
    return changed


# Most mutations make a file invalid; one in ten or so keeps it valid, the case that matters.
@settings(max_examples=300)
@given(record=st.sampled_from(RECORDS), data=st.data(), changes=st.integers(1, 3))
def test_a_mutated_file_called_certainly_valid_has_no_error(
        record: tuple[str, str, Any], data: st.DataObject, changes: int) -> None:
    name, _path, value = record
    mutated = copy.deepcopy(value)
    for _ in range(changes):
        mutated = _mutate(mutated, data)

    if schema.certainly_valid(name, mutated):
        assert errors(name, mutated) == []
