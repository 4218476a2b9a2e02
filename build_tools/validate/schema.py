"""The JSON Schemas of the collection format, and their verdicts as diagnostics.

The schemas in `schemas/` are the single source of truth for the shape of every YAML
file: editors use them through a YAML language server, and `check` uses them here.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker, ValidationError
from referencing import Registry, Resource

from ..diagnostics import Diagnostic
from ..read import YAML_TIMESTAMP, YamlPath, YamlRecord, display_path

SCHEMAS = ("common", "sidecar", "entity", "term", "topic")


def load_schema(name: str) -> dict[str, Any]:
    text = resources.files("build_tools").joinpath(f"schemas/{name}.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


@cache  # the schemas ship with the code: compiled once, the same for the whole process
def validator(name: str) -> Draft202012Validator:
    registry: Registry[Any] = Registry().with_resources(
        (f"{other}.schema.json", Resource.from_contents(load_schema(other)))
        for other in SCHEMAS
    )
    return Draft202012Validator(load_schema(name), registry=registry,
                                format_checker=FormatChecker(["date"]))


def schema_errors(name: str, value: Any) -> list[ValidationError]:
    if certainly_valid(name, value):
        return []
    return list(validator(name).iter_errors(value))


# --------------------------------------------------------------- the fast path
# Every file of the collection is checked against its schema, and jsonschema, general as it
# is, walks each one keyword by keyword, resolving each `$ref` again. The schemas use a
# handful of keywords; compiled once to closures, they answer "certainly valid?" without
# that work. Only a yes is trusted: anything else, including a keyword the compiler does
# not know, goes to jsonschema, the reference, which explains. tests/test_fast_paths.py
# holds the two to the same verdict on the real files and on random mutations of them.

Check = Callable[[Any], bool]
_ANNOTATIONS = frozenset({"$schema", "$defs", "$comment", "title", "description", "examples"})
_TYPES: dict[str, Callable[[Any], bool]] = {
    "string": lambda v: isinstance(v, str), "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list), "boolean": lambda v: isinstance(v, bool),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
}


class _Unknown(Exception):
    """A keyword the fast path does not implement."""


@cache  # compiled from the schemas, like `validator`: constant for the process
def _fast_check(name: str) -> Check | None:
    try:
        return _compile(load_schema(name), name)
    except _Unknown:
        return None


def certainly_valid(name: str, value: Any) -> bool:
    check = _fast_check(name)
    return check is not None and check(value)


def _resolve(ref: str, document: str) -> tuple[dict[str, Any], str]:
    file, _, pointer = ref.partition("#")
    target = file.removesuffix(".schema.json") if file else document
    if target not in SCHEMAS or not pointer.startswith("/"):
        raise _Unknown(ref)
    schema: Any = load_schema(target)
    for part in pointer.strip("/").split("/"):
        schema = schema[part]
    return schema, target


def _compile(schema: dict[str, Any], document: str) -> Check:
    checks: list[Check] = []
    for keyword, argument in schema.items():
        if keyword not in _ANNOTATIONS and keyword not in {"then", "else"}:
            checks.append(_keyword(keyword, argument, schema, document))
    if not checks:
        return lambda value: True
    if len(checks) == 1:  # most often a `$ref` or a `type`: no wrapper to call through
        return checks[0]
    return lambda value: all(check(value) for check in checks)


def _keyword(keyword: str, argument: Any, schema: dict[str, Any], document: str) -> Check:
    if keyword == "$ref":
        target, target_document = _resolve(argument, document)
        return _compile(target, target_document)
    if keyword == "type" and argument in _TYPES:
        return _TYPES[argument]
    if keyword == "enum" and all(isinstance(option, str) for option in argument):
        return lambda v: isinstance(v, str) and v in argument
    if keyword == "const" and isinstance(argument, str):
        return lambda v: isinstance(v, str) and v == argument
    if keyword == "allOf":
        parts = [_compile(part, document) for part in argument]
        return lambda v: all(part(v) for part in parts)
    if keyword in {"if", "then", "else"}:
        return _conditional(keyword, schema, document)
    if keyword in {"pattern", "minLength", "maxLength", "format"}:
        return _string_keyword(keyword, argument)
    if keyword in {"properties", "required", "additionalProperties", "minProperties",
                   "propertyNames"}:
        return _object_keyword(keyword, argument, schema, document)
    if keyword in {"items", "minItems", "maxItems", "uniqueItems"}:
        return _array_keyword(keyword, argument, document)
    raise _Unknown(keyword)


# Keywords whose compiled check answers exactly (a no is a certain no): only these may make
# the condition of an `if`, since a doubtful no would skip its `then`.
_EXACT = frozenset({"properties", "required", "const"})


def _conditional(keyword: str, schema: dict[str, Any], document: str) -> Check:
    """`if` with its `then` and `else`; `then` and `else` on their own check nothing."""
    if keyword != "if":
        return lambda v: True
    condition = schema["if"]
    if not _is_exact(condition):
        raise _Unknown("if")
    test = _compile(condition, document)
    then = _compile(schema.get("then", {}), document)
    otherwise = _compile(schema.get("else", {}), document)
    return lambda v: then(v) if test(v) else otherwise(v)


def _is_exact(schema: dict[str, Any]) -> bool:
    return set(schema) <= _EXACT and all(
        _is_exact(sub) for sub in schema.get("properties", {}).values())


def _string_keyword(keyword: str, argument: Any) -> Check:
    if keyword == "pattern":
        pattern = re.compile(argument)
        return lambda v: not isinstance(v, str) or pattern.search(v) is not None
    if keyword == "minLength":
        return lambda v: not isinstance(v, str) or len(v) >= argument
    if keyword == "maxLength":
        return lambda v: not isinstance(v, str) or len(v) <= argument
    if argument != "date":
        raise _Unknown(f"format {argument}")
    dates = FormatChecker(["date"])
    return lambda v: dates.conforms(v, "date")


def _object_keyword(keyword: str, argument: Any, schema: dict[str, Any],
                    document: str) -> Check:
    if keyword == "properties":
        properties = {key: _compile(sub, document) for key, sub in argument.items()}
        return lambda v: not isinstance(v, dict) or all(
            properties[key](item) for key, item in v.items() if key in properties)
    if keyword == "required":
        return lambda v: not isinstance(v, dict) or all(key in v for key in argument)
    if keyword == "minProperties":
        return lambda v: not isinstance(v, dict) or len(v) >= argument
    if keyword == "propertyNames":
        names = _compile(argument, document)
        return lambda v: not isinstance(v, dict) or all(names(key) for key in v)
    if argument is False:
        known = frozenset(schema.get("properties", ()))
        return lambda v: not isinstance(v, dict) or known.issuperset(v)
    if isinstance(argument, dict) and "patternProperties" not in schema:
        known, extra = frozenset(schema.get("properties", ())), _compile(argument, document)
        return lambda v: not isinstance(v, dict) or all(
            extra(item) for key, item in v.items() if key not in known)
    raise _Unknown(keyword)


def _array_keyword(keyword: str, argument: Any, document: str) -> Check:
    if keyword == "items":
        item_check = _compile(argument, document)
        return lambda v: not isinstance(v, list) or all(item_check(item) for item in v)
    if keyword == "minItems":
        return lambda v: not isinstance(v, list) or len(v) >= argument
    if keyword == "maxItems":
        return lambda v: not isinstance(v, list) or len(v) <= argument
    if argument is not True:
        return lambda v: True
    # Unique by JSON Schema's rules is subtle (1 == 1.0, true != 1): vouch for text only.
    return lambda v: not isinstance(v, list) or (
        all(isinstance(item, str) for item in v) and len(set(v)) == len(v))


_PATTERN_MESSAGES = {
    "id": ("is not a valid id",
           "an id uses lowercase ASCII letters, digits and single hyphens, e.g. sergey-lavrov"),
    "langTag": ("is not a language tag",
                "use a BCP 47 tag: ar, en, ru, ko, or with a script: ko-Latn, ru-Latn"),
    "date": ("is not a date", "write dates as YYYY-MM-DD, in quotes: \"2025-07-12\""),
    "url": ("is not an http(s) address",
            "give the full address starting with https:// or http://, or leave the field out "
            "if it is not known"),
}


def _pattern_kind(pattern: str) -> str:
    common = load_schema("common")["$defs"]
    return next((kind for kind in _PATTERN_MESSAGES
                 if common[kind].get("pattern") == pattern), "")


def _type_name(value: Any) -> str:
    if value is None:
        return "an empty value"
    if isinstance(value, bool):
        return f"true/false ({str(value).lower()})"
    if isinstance(value, int | float):
        return f"a number ({value})"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    return "a mapping"


_EXPECTED = {"string": "text", "object": "a mapping (`key: value` lines)", "array": "a list",
             "integer": "a whole number", "boolean": "true or false"}


def _schema_of_property(schema: dict[str, Any], name: str) -> dict[str, Any]:
    prop: dict[str, Any] = schema.get("properties", {}).get(name, {})
    return prop


@dataclass(frozen=True)
class Shape:
    """The schema's verdict on one file: its problems, and where the file breaks the schema
    (values not to be used: a misspelt key, a wrong type, a missing field)."""

    diagnostics: tuple[Diagnostic, ...]
    broken: frozenset[YamlPath]

    def usable(self, path: YamlPath) -> bool:
        """Whether the value at `path` is as the schema wants: nothing above, at or below it
        breaks the schema."""
        return not any(path[:len(bad)] == bad or bad[:len(path)] == path for bad in self.broken)


def is_annotation(path: YamlPath) -> bool:
    """summary, participants[i].role, notes[i].text: the sidecar's texts per language.

    Which languages each must have is the collection's setting, which `check` enforces
    (validate.check_required_languages); the schema states its default for editors."""
    return (path == ("summary",) or (len(path) == 3 and isinstance(path[1], int)
            and (path[0], path[2]) in {("participants", "role"), ("notes", "text")}))


def shape(record: YamlRecord, name: str, within: frozenset[str] | None = None) -> Shape:
    """The schema's verdict; with `within`, its problems only in those top-level fields."""
    problems: list[Diagnostic] = []
    errors = sorted(schema_errors(name, record.value), key=lambda e: list(map(str, e.path)))
    # "2025/07/12" breaks both the date pattern and the date format: say it once.
    misshapen = {tuple(e.absolute_path) for e in errors if e.validator == "pattern"}
    # `rol:` for `role:` is one mistake: the unknown field says "did you mean", so the
    # field it means is not also reported missing.
    meant = {(tuple(e.absolute_path), field) for e in errors for field in _meant_fields(e)}
    for error in errors:
        if error.validator == "format" and tuple(error.absolute_path) in misshapen:
            continue
        if error.validator == "required" and \
                (tuple(error.absolute_path), _missing(error)) in meant:
            continue
        if within is not None and not (error.absolute_path
                                       and error.absolute_path[0] in within):
            continue
        if name == "sidecar" and error.validator == "required" \
                and is_annotation(tuple(error.absolute_path)):
            continue  # the language rule: reported from the collection's settings
        problems.extend(_explain(record, error))
    return Shape(tuple(problems), frozenset(path for error in errors for path in _blamed(error)))


def _meant_fields(error: ValidationError) -> Iterator[str]:
    """The fields the unknown keys of an additionalProperties error most likely mean."""
    if error.validator != "additionalProperties" or not isinstance(error.instance, dict):
        return
    allowed = sorted(error.schema.get("properties", {})) if isinstance(error.schema, dict) \
        else []
    for key in set(error.instance) - set(allowed):
        if (field := meant_field(key, allowed)) is not None and field not in error.instance:
            yield field


def _missing(error: ValidationError) -> str:
    """The field a `required` error is about."""
    return str(error.validator_value and error.message.split("'")[1])


def _blamed(error: ValidationError) -> Iterator[YamlPath]:
    """Where an error puts the file outside its schema: the key missing or unknown, the
    item repeated, else the value the error is about."""
    path: YamlPath = tuple(error.absolute_path)
    instance = error.instance
    if error.validator == "required" and isinstance(error.validator_value, list):
        yield from ((*path, key) for key in error.validator_value
                    if isinstance(instance, dict) and key not in instance)
    elif error.validator == "additionalProperties" and isinstance(instance, dict):
        allowed = error.schema.get("properties", {}) if isinstance(error.schema, dict) else {}
        yield from ((*path, key) for key in instance if key not in allowed)
    elif "propertyNames" in error.schema_path:  # the error is about a key: `instance`
        yield (*path, str(instance))
    elif error.validator == "uniqueItems" and isinstance(instance, list):
        items = [json.dumps(item, sort_keys=True) for item in instance]
        repeated = [(*path, i) for i, item in enumerate(items) if item in items[:i]]
        yield from repeated or [path]
    else:
        yield path


def meant_field(key: str, allowed: list[str]) -> str | None:
    """The field a misspelt `key` most likely means (`participants` for `particpants`)."""
    close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
    return close[0] if close else None


def as_meant(record: YamlRecord, name: str) -> tuple[YamlRecord, Shape] | None:
    """The file with each misspelt top-level field read as the one it most likely means,
    when that one is absent, and the schema's verdict on what those fields hold; None if
    there is none.

    What is written under `participantz:` is then checked as participants (its shape, its
    ids, its quotes) in the same run as the misspelling is reported, not after the rename."""
    allowed = sorted(load_schema(name).get("properties", {}))
    value: dict[str, Any] = record.value
    renames: dict[str, str] = {}
    for key in value:
        meant = meant_field(key, allowed) if key not in allowed else None
        if meant is not None and meant not in value and meant not in renames.values():
            renames[key] = meant
    if not renames:
        return None

    def moved(table: dict[YamlPath, Any]) -> dict[YamlPath, Any]:
        return {(renames.get(str(path[0]), path[0]), *path[1:]) if path else path: where
                for path, where in table.items()}

    meant_record = YamlRecord(record.path, {renames.get(key, key): item
                                            for key, item in value.items()},
                              record.source, moved(record.value_at), moved(record.key_at),
                              moved(record.plain))
    return meant_record, shape(meant_record, name, frozenset(renames.values()))


def _explain(record: YamlRecord, error: ValidationError) -> Iterator[Diagnostic]:
    path: YamlPath = tuple(error.absolute_path)
    where = display_path(path)

    def at(p: YamlPath, code: str, message: str, hint: str, *, key: bool = False) -> Diagnostic:
        line, column = record.where(p, key=key)
        return Diagnostic(record.path, line, column, code, message, hint)

    schema: dict[str, Any] = error.schema if isinstance(error.schema, dict) else {}
    validator_name = error.validator
    if validator_name == "additionalProperties" and isinstance(error.instance, dict):
        allowed = sorted(schema.get("properties", {}))
        for key in sorted(set(error.instance) - set(allowed)):
            meant = meant_field(key, allowed)
            hint = (f"did you mean `{meant}`?" if meant
                    else f"the fields allowed here are: {', '.join(allowed)}")
            yield at((*path, key), "unknown-field", f"unknown field `{key}` in {where}", hint,
                     key=True)
    elif validator_name == "required":
        missing = _missing(error)
        description = _schema_of_property(schema, missing).get("description", "")
        yield at(path, "missing-field", f"missing required field `{missing}` in {where}",
                 f"add `{missing}:`" + (f" — {description}" if description else ""))
    elif validator_name == "type":
        expected = error.validator_value
        expected_name = _EXPECTED.get(expected, str(expected)) if isinstance(expected, str) \
            else " or ".join(_EXPECTED.get(e, e) for e in expected)
        found = _type_name(error.instance)
        hint = f"write {expected_name} here"
        raw = record.plain.get(path)
        if raw is not None and expected == "string":
            hint = (f"YAML reads the unquoted `{raw}` as {found}, not as text; "
                    f"put it in quotes: \"{raw}\"")
        yield at(path, "wrong-type", f"{where} should be {expected_name}, not {found}", hint)
    elif validator_name == "pattern" and "propertyNames" not in error.schema_path:
        message, hint = _PATTERN_MESSAGES.get(_pattern_kind(str(error.validator_value)),
                                              ("has the wrong form", ""))
        yield at(path, "bad-value", f"{where}: `{error.instance}` {message}", hint)
    elif "propertyNames" in error.schema_path:
        bad = str(error.instance)
        yield at((*path, bad), "bad-language",
                 f"`{bad}` in {where} is not a language tag",
                 _PATTERN_MESSAGES["langTag"][1], key=True)
    elif validator_name == "format":
        yield at(path, "bad-date", f"{where}: `{error.instance}` is not a real calendar date",
                 "check the day and month: YYYY-MM-DD")
    elif validator_name == "enum":
        options = [str(option) for option in error.validator_value]
        close = difflib.get_close_matches(str(error.instance), options, n=1, cutoff=0.5)
        yield at(path, "bad-value", f"{where} must be one of: {', '.join(options)}",
                 f"did you mean `{close[0]}`?" if close else f"choose one of {', '.join(options)}")
    elif validator_name == "maxLength":
        yield at(path, "too-long", f"{where} is {len(error.instance):,} characters long; the "
                 f"limit is {error.validator_value:,}",
                 "shorten it: an id is a short slug, a quote the few words an annotation "
                 "is about")
    elif validator_name == "maxItems":
        yield at(path, "too-many", f"{where} lists {len(error.instance):,} entries; the "
                 f"limit is {error.validator_value:,}",
                 "keep the ones that matter to a reader; the limits are in "
                 "docs/about/format.md")
    elif validator_name in {"minLength", "minProperties", "minItems"}:
        yield at(path, "empty", f"{where} is empty", "write a value, or remove the field")
    elif validator_name == "uniqueItems":
        items = [json.dumps(item, sort_keys=True) for item in error.instance]
        again = next((i for i, item in enumerate(items) if item in items[:i]), None)
        if again is None:  # equal only by JSON Schema's rules (1 and 1.0)
            yield at(path, "duplicate-item", f"{where} lists the same value twice",
                     "remove the repeated entry")
        else:
            shown = error.instance[again]
            yield at((*path, again), "duplicate-item",
                     f"{where} lists {f'`{shown}`' if isinstance(shown, str) else 'a value'} "
                     "twice", "remove the repeated entry (this one or the first)")
    else:
        yield at(path, "schema", f"{where}: {error.message}", "")


def lint_plain_dates(record: YamlRecord, date_fields: frozenset[YamlPath]) -> list[Diagnostic]:
    """An unquoted date where text is expected becomes a date object in YAML 1.1 tools."""
    problems = []
    for path, raw in sorted(record.plain.items(), key=lambda item: record.where(item[0])):
        if path not in date_fields and YAML_TIMESTAMP.match(raw):
            line, column = record.where(path)
            problems.append(Diagnostic(
                record.path, line, column, "unquoted-date",
                f"{display_path(path)}: unquoted date `{raw}` where text is expected",
                f"YAML 1.1 tools turn it into a date object; put it in quotes: \"{raw}\"",
            ))
    return problems
