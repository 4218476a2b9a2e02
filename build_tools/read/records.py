"""YAML to plain values that remember where every key and value was written, so later
stages can point at the mistake. Nothing here raises on bad input.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml as libyaml  # type: ignore[import-untyped]
from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import Node
from ruamel.yaml.reader import ReaderError

from ..diagnostics import Diagnostic
from .text import decode, lines_with_offsets, position

MAX_YAML_BYTES = 256 * 1024
MAX_DEPTH = 16
MAX_NODES = 20_000

YamlPath = tuple[str | int, ...]


@dataclass
class YamlRecord:
    """A YAML document as plain values, with 1-based (line, column) for each path."""

    path: str
    value: Any
    source: str  # the text it was read from
    value_at: dict[YamlPath, tuple[int, int]] = field(default_factory=dict)
    key_at: dict[YamlPath, tuple[int, int]] = field(default_factory=dict)
    plain: dict[YamlPath, str] = field(default_factory=dict)  # unquoted scalars as written

    def where(self, path: YamlPath, *, key: bool = False) -> tuple[int, int]:
        """The closest known position of `path` (falls back to its parents)."""
        table = self.key_at if key else self.value_at
        while path:
            if path in table:
                return table[path]
            if key and path in self.value_at:
                return self.value_at[path]
            path = path[:-1]
        return self.value_at.get((), (1, 1))


def display_path(path: YamlPath) -> str:
    """A YAML path as a contributor would write it: participants[0].role.en."""
    text = "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in path)
    return text.lstrip(".") or "the file"



# YAML 1.1 (PyYAML, many editors and CI tools) reads these plain scalars as something
# other than text; YAML 1.2 reads most of them as text. We accept neither reading
# silently: a value must mean the same to every tool.
_YAML11_BOOL = re.compile(r"^(y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|"
                          r"on|On|ON|off|Off|OFF)$")
_YAML_NULL = re.compile(r"^(~|null|Null|NULL|)$")
_YAML_INT = re.compile(r"^[-+]?(0|[1-9][0-9_]*|0[0-7_]+|0x[0-9a-fA-F_]+|0o[0-7]+|0b[01_]+)$")
_YAML_FLOAT = re.compile(r"^[-+]?(\.[0-9]+|[0-9][0-9_]*(\.[0-9_]*)?([eE][-+]?[0-9]+)?|"
                         r"\.(inf|Inf|INF)|\.(nan|NaN|NAN))$")
_YAML_SEXAGESIMAL = re.compile(r"^[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?$")
YAML_TIMESTAMP = re.compile(r"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt ].*)?$")


def plain_scalar_value(raw: str) -> Any:
    """What an unquoted scalar means, resolved the way YAML 1.1 tools would read it."""
    if _YAML_NULL.match(raw):
        return None
    if _YAML11_BOOL.match(raw):
        return raw.lower() in {"y", "yes", "true", "on"}
    if _YAML_INT.match(raw) or _YAML_SEXAGESIMAL.match(raw):
        try:
            return int(raw.replace("_", ""), 0)
        except ValueError:
            return raw  # sexagesimal and odd octals stay text; the lint below reports them
    if _YAML_FLOAT.match(raw) and any(ch.isdigit() for ch in raw):
        return float(raw.replace("_", ""))
    return raw


# The tags of YAML's core schema, as written; any other tag (`!!python/object`, `!!set`,
# `!local`, a bare `!`) is refused rather than read differently by different tools.
_CORE_TAG = re.compile(r"!!(str|int|float|bool|null|seq|map)")
_WRITTEN_TAG = re.compile(r"(?:&\S+[ \t]+)?(?P<tag>![^ \t\r\n,\[\]{}]*)")


def _reading(raw: str) -> str:
    value = plain_scalar_value(raw)
    return "null (no value)" if value is None else (
        f"the {type(value).__name__} {str(value).lower() if isinstance(value, bool) else value}")


class _TooBig(Exception):
    def __init__(self, node: Node, message: str) -> None:
        super().__init__(message)
        self.node = node


class _Builder:
    """Turns a composed node tree into plain values, recording positions and problems."""

    def __init__(self, record: YamlRecord) -> None:
        self.record = record
        self.problems: list[Diagnostic] = []
        self.nodes = 0

    def at(self, node: Node) -> tuple[int, int]:
        return node.start_mark.line + 1, node.start_mark.column + 1

    def build(self, node: Any, path: YamlPath) -> Any:  # a ruamel.yaml or libyaml node
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise _TooBig(node, f"document has more than {MAX_NODES:,} values "
                                "(an alias used many times counts each time)")
        if len(path) > MAX_DEPTH:
            raise _TooBig(node, f"values are nested more than {MAX_DEPTH} levels deep")
        self.record.value_at.setdefault(path, self.at(node))
        tag = self.explicit_tag(node)
        if tag is not None and not _CORE_TAG.fullmatch(tag):
            line, column = self.at(node)
            self.problems.append(Diagnostic(
                self.record.path, line, column, "yaml-tag", f"YAML tag `{tag}` is not allowed",
                "remove the tag: values are plain text, lists and mappings (only the core "
                "schema's tags, such as !!str, are accepted)"))
        # `id`, not isinstance: nodes come from ruamel.yaml or from libyaml (_compose_fast).
        if node.id == "mapping":
            return self.mapping(node, path)
        if node.id == "sequence":
            return [self.build(child, (*path, i)) for i, child in enumerate(node.value)]
        assert node.id == "scalar"
        if not node.style and tag != "!!str":  # plain: None from ruamel.yaml, "" from libyaml
            self.record.plain[path] = node.value
            return plain_scalar_value(node.value)
        return node.value

    def explicit_tag(self, node: Any) -> str | None:
        """The tag as written before the value (`!!str`), if one is: the readers resolve
        tags differently (libyaml reads `! 12` as text, ruamel.yaml as a number), so
        what was written decides."""
        written = _WRITTEN_TAG.match(self.record.source, node.start_mark.index)
        return written["tag"] if written else None

    def mapping(self, node: Any, path: YamlPath) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            line, column = self.at(key_node)
            if key_node.id != "scalar":
                self.problems.append(Diagnostic(
                    self.record.path, line, column, "bad-key",
                    "a key must be a plain word, not a list or mapping",
                    "write `name: value` with a simple name",
                ))
                continue
            key = key_node.value
            if not key_node.style and not isinstance(plain_scalar_value(key), str):
                self.problems.append(Diagnostic(
                    self.record.path, line, column, "key-not-text",
                    f"the key `{key}` is read as {_reading(key)} by YAML 1.1 tools",
                    f'put it in quotes: "{key}":'))
            if key == "<<":
                self.problems.append(Diagnostic(
                    self.record.path, line, column, "merge-key",
                    "merge keys (`<<:`) are not allowed",
                    "write the fields out in full; annotations should read without indirection",
                ))
                continue
            if key in first_seen:
                self.problems.append(Diagnostic(
                    self.record.path, line, column, "duplicate-key",
                    f"duplicate key `{key}` (first written on line {first_seen[key]})",
                    "keep one of them: YAML tools disagree on which one wins",
                ))
                continue
            first_seen[key] = line
            self.record.key_at[(*path, key)] = (line, column)
            result[key] = self.build(value_node, (*path, key))
        return result


# Where YAML 1.1 (libyaml) and 1.2 (ruamel.yaml) may read a text differently: line breaks
# that only 1.1 knows, version directives, tabs, escapes only 1.2 knows.
_NOT_FOR_LIBYAML = re.compile("[\x85\u2028\u2029\t]|%YAML|\\\\/")
# PyYAML's binding to libyaml; a PyYAML built without libyaml has none, and then every
# file takes the pure-Python reader.
_LIBYAML_LOADER = getattr(libyaml, "CBaseLoader", None)


def _compose_fast(text: str) -> Node | None:
    """The document's node tree through libyaml, or None when ruamel.yaml must decide:
    anything unusual, and every error, whose messages and positions are ruamel.yaml's.

    Why: a check reads every sidecar and registry of the collection, and ruamel.yaml
    reads in pure Python where libyaml reads in C. ruamel.yaml stays the reference (it
    reads YAML 1.2, and words every error); for the plain mappings the collection is
    made of, both give the same nodes, tags and positions, which tests/test_fast_paths.py
    holds them to (`_read_yaml(..., fast=False)`)."""
    if _LIBYAML_LOADER is None or _NOT_FOR_LIBYAML.search(text):
        return None
    try:
        documents = list(libyaml.compose_all(text, Loader=_LIBYAML_LOADER))
    except Exception:  # any complaint: let ruamel.yaml word it
        return None
    if len(documents) != 1 or not isinstance(documents[0], libyaml.MappingNode):
        return None
    node: Node = documents[0]
    # An empty value (`key:`) is placed differently by the two readers: ruamel.yaml decides,
    # as it does for a document too large (aliases repeated) to walk.
    stack: list[Any] = [node]
    visited = 0
    while stack:
        current = stack.pop()
        visited += 1
        if visited > MAX_NODES:
            return None
        if current.id == "scalar":
            if not current.value and not current.style:
                return None
        elif current.id == "sequence":
            stack.extend(current.value)
        else:
            stack.extend(item for pair in current.value for item in pair)
    return node


def read_yaml(path: str, data: bytes) -> tuple[YamlRecord | None, list[Diagnostic]]:
    return _read_yaml(path, data, fast=True)


def _read_yaml(path: str, data: bytes, *, fast: bool,
               ) -> tuple[YamlRecord | None, list[Diagnostic]]:
    """`read_yaml`; with `fast` False, through ruamel.yaml alone (the reference)."""
    text, problems = decode(path, data, limit=MAX_YAML_BYTES)
    if text is None:
        return None, problems
    try:
        node = _compose_fast(text) if fast else None
        documents = ([node] if node is not None
                     else list(YAML(typ="safe", pure=True).compose_all(text)))
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = error.problem or error.context or "malformed YAML"
        start = error.context_mark
        if error.problem and error.context and start and mark and start.line != mark.line:
            # An unclosed bracket or quote fails only at the end of the file: say where it opened.
            what += f" ({error.context} on line {start.line + 1})"
        return None, [Diagnostic(
            path, line, column, "yaml-syntax", f"malformed YAML: {what}",
            "check the indentation (spaces only, two per level) and that text containing "
            "': ' or starting with a symbol is in quotes",
        )]
    except ReaderError as error:  # a character YAML does not allow, anywhere in the file
        line, column = position(text, error.position)
        return None, [Diagnostic(
            path, line, column, "yaml-character",
            f"the character U+{error.character:04X} is not allowed in YAML",
            "delete it (it is invisible in most editors: it came with a copy and paste); "
            "if it belongs in the text, write it as an escape in a double-quoted string, "
            f'e.g. "\\u{error.character:04x}"')]
    except RecursionError:
        line, column = position(text, _deepest(text))
        return None, [Diagnostic(path, line, column, "yaml-too-complex",
                                 f"values are nested more than {MAX_DEPTH} levels deep",
                                 "annotations are short and flat; remove the deep structure")]
    except (YAMLError, ValueError) as error:
        return None, [Diagnostic(path, 1, 1, "yaml-syntax", f"malformed YAML: {error}",
                                 "check the file's YAML syntax")]
    if len(documents) != 1 or documents[0] is None:
        several = len(documents) > 1
        return None, [Diagnostic(
            path, 1, 1, "yaml-documents",
            f"file holds {'several documents' if several else 'no document'}; expected exactly "
            "one mapping",
            "one file describes one thing: remove extra `---` separators" if several
            else "the file is empty: write its fields (docs/about/format.md lists them)",
        )]
    record = YamlRecord(path=path, value=None, source=text)
    builder = _Builder(record)
    try:
        record.value = builder.build(documents[0], ())
    except _TooBig as error:
        line, column = builder.at(error.node)
        return None, [Diagnostic(path, line, column, "yaml-too-complex", str(error),
                                 "annotations are short and flat; remove the deep or "
                                 "repeated structure (YAML anchors and aliases)")]
    except RecursionError:
        line, column = position(text, _deepest(text))
        return None, [Diagnostic(path, line, column, "yaml-too-complex",
                                 f"values are nested more than {MAX_DEPTH} levels deep",
                                 "annotations are short and flat; remove the deep structure")]
    return record, builder.problems


def _deepest(text: str) -> int:
    """Where a text nests brackets or indentation past MAX_DEPTH (0 if nowhere): for a
    document too deep for the reader to walk, which cannot say where itself."""
    depth = 0
    for line_start, line in lines_with_offsets(text):
        indent = len(line) - len(line.lstrip(" -"))
        if depth == 0 and indent // 2 > MAX_DEPTH:
            return line_start + indent
        for column, ch in enumerate(line):
            depth += (ch in "[{") - (ch in "]}")
            if depth > MAX_DEPTH:
                return line_start + column
    return 0
