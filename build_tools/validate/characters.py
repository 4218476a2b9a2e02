"""Characters that can deceive a reader or break a page, reported where they are written.

Bidirectional controls reorder what a reader sees (the "Trojan Source" trick); zero-width
characters make two equal-looking strings differ; C0 control characters have no place in a
published text. Source texts are reported, never altered.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import Any

from ..diagnostics import Diagnostic, Severity
from ..read import YamlPath, YamlRecord, display_path

BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff")
ALLOWED_CONTROLS = frozenset("\n\t")


def _describe(char: str) -> str:
    return f"U+{ord(char):04X} {unicodedata.name(char, 'control character')}"


def _classify(char: str) -> tuple[str, str] | None:
    """(code, hint) for a suspicious character, or None."""
    if char in BIDI_CONTROLS:
        return ("bidi-control", "remove it: a bidirectional control can make text display in "
                "an order other than the one it is stored in")
    if char in ZERO_WIDTH:
        return ("zero-width", "remove it unless the spelling needs it (ZWNJ in Persian): "
                "an invisible character makes equal-looking words differ")
    if unicodedata.category(char) == "Cc" and char not in ALLOWED_CONTROLS:
        return ("control-character", "remove it: it is invisible and has no meaning in a text")
    return None


# Every character _classify reports (category Cc is exactly U+0000-001F and U+007F-009F),
# so a whole text is scanned in C and only the hits are classified.
_SUSPICIOUS = re.compile("[" + "".join(
    re.escape(char) for char in sorted(
        BIDI_CONTROLS | ZERO_WIDTH
        | {chr(code) for code in (*range(0x20), *range(0x7F, 0xA0))} - ALLOWED_CONTROLS)) + "]")


def _scan(text: str) -> Iterator[tuple[int, str, str, str]]:
    for match in _SUSPICIOUS.finditer(text):
        char = match.group()
        if (found := _classify(char)) is not None:
            yield match.start(), char, *found


def in_text(path: str, text: str) -> list[Diagnostic]:
    """Source texts: report each suspicious character with its exact line and column."""
    problems = []
    for offset, char, code, hint in _scan(text):
        line = text.count("\n", 0, offset) + 1
        column = offset - (text.rfind("\n", 0, offset) + 1) + 1
        severity = Severity.ERROR if code == "control-character" else Severity.WARNING
        problems.append(Diagnostic(path, line, column, code,
                                   f"the text contains {_describe(char)}",
                                   hint.replace("remove it", "check the source; if it is not "
                                                "in the original, remove it", 1), severity))
    return problems


def in_record(record: YamlRecord) -> list[Diagnostic]:
    """Annotations and registry entries: bidi controls and control characters are errors.

    Without an escape (a backslash), values hold only characters of the text the record
    was read from: if that has none of those, they have none either."""
    if "\\" not in record.source and not _SUSPICIOUS.search(record.source):
        return []
    problems = []
    for path, value in _strings(record.value, ()):
        for offset, char, code, hint in _scan(value):
            line, column = record.where(path)
            severity = Severity.WARNING if code == "zero-width" else Severity.ERROR
            problems.append(Diagnostic(
                record.path, line, column, code,
                f"{display_path(path)} contains {_describe(char)} at character {offset + 1}",
                hint, severity))
            break  # one report per value is enough to find it
    return problems


def _strings(value: Any, path: YamlPath) -> Iterator[tuple[YamlPath, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, child in value.items():
            yield from _strings(child, (*path, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _strings(child, (*path, index))
