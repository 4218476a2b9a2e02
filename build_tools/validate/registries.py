"""Registry files (people and organisations, glossary terms, topics) to models; ids."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from ..models import (
    Entity,
    EntityKind,
    Term,
    Topic,
)
from ..read import FileBytes, YamlPath, YamlRecord, read_yaml
from . import characters
from .languages import check_languages, localized
from .problems import Problems
from .schema import Shape, lint_plain_dates, shape

MAX_ID_LENGTH = 100  # as common.schema.json: file names of every stage stay under 255 bytes
_SHORT = rf"(?=.{{1,{MAX_ID_LENGTH}}}$)"
ID_RULE = re.compile(rf"^{_SHORT}[a-z0-9]+(-[a-z0-9]+)*$")
ARTICLE_ID_RULE = re.compile(rf"^{_SHORT}(\d{{4}}-\d{{2}}-\d{{2}})-[a-z0-9]+(-[a-z0-9]+)*$")


Model = TypeVar("Model")


def read_record(file: FileBytes, schema: str, problems: Problems,
                date_fields: frozenset[YamlPath] = frozenset()) -> tuple[YamlRecord, Shape] | None:
    if file.data is None:
        problems.extend([file.unreadable] if file.unreadable else [])
        return None
    record, found = read_yaml(file.path, file.data)
    problems.extend(found)
    if record is None:
        return None
    if not isinstance(record.value, dict):
        problems.add(record, (), "not-a-mapping", "the file must be a mapping of fields",
                     "write `field: value` lines; see CONTRIBUTING.md for an example")
        return None
    verdict = shape(record, schema)
    problems.extend(verdict.diagnostics)
    problems.extend(lint_plain_dates(record, date_fields))
    problems.extend(characters.in_record(record))
    check_languages(record, problems)
    return record, verdict


def check_id(record: YamlRecord, stem: str, problems: Problems, rule: re.Pattern[str],
              example: str, prefix: str = "") -> None:
    """`prefix`: what an id of this kind starts with (an article's date)."""
    if len(stem) > MAX_ID_LENGTH:
        problems.add(record, (), "bad-id",
                     f"file name `{stem[:40]}…` is {len(stem)} characters long; an id has at "
                     f"most {MAX_ID_LENGTH}",
                     "rename the file with a shorter id: a few English words are enough")
    elif not rule.fullmatch(stem):
        suggestion = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")
        if prefix and not rule.fullmatch(suggestion):
            suggestion = f"{prefix}-{suggestion}"
        if not rule.fullmatch(suggestion):
            suggestion = example
        kind = f"an article id starts with its date ({prefix}), then" if prefix else "an id"
        problems.add(record, (), "bad-id",
                     f"file name `{stem}` is not a valid id",
                     f"{kind} uses lowercase ASCII letters, digits and single hyphens; "
                     f"rename the file, e.g. to `{suggestion}`")


def read_registry(files: Iterable[FileBytes], schema: str, problems: Problems,
                  build: Callable[[str, dict[str, Any], str], Model]) -> list[Model]:
    """The model of each registry file that has no error of its own."""
    models: list[Model] = []
    for file in files:
        read = read_record(file, schema, problems)
        if read is None:
            continue
        record = read[0]
        check_id(record, file.stem, problems, ID_RULE, "a-name")
        if not problems.errors_in(record.path):
            models.append(build(file.stem, record.value, record.path))
    return models


def entity_model(id: str, value: dict[str, Any], path: str) -> Entity:
    return Entity(id=id, kind=EntityKind(value["kind"]), names=localized(value["names"]),
                  aliases=tuple(value.get("aliases", ())),
                  description=localized(value["description"]), path=path)


def term_model(id: str, value: dict[str, Any], path: str) -> Term:
    return Term(id=id, names=localized(value["names"]), aliases=tuple(value.get("aliases", ())),
                definition=localized(value["definition"]), path=path)


def topic_model(id: str, value: dict[str, Any], path: str) -> Topic:
    return Topic(id=id, names=localized(value["names"]),
                 description=localized(value.get("description")), path=path)
