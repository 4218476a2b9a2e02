"""Diagnostics: what went wrong, where, and how to fix it — and the one formatter."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


class Severity(enum.StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem in one file. Lines and columns count from 1, as editors do."""

    path: str
    line: int
    column: int
    code: str
    message: str
    hint: str = ""
    severity: Severity = Severity.ERROR

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


def sort_key(diagnostic: Diagnostic) -> tuple[str, int, int, str, str]:
    return (diagnostic.path, diagnostic.line, diagnostic.column, diagnostic.code,
            diagnostic.message)


def relative(path: Path, root: Path) -> str:
    """The path as a contributor sees it in the repository, with forward slashes."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


# Everything str.splitlines() breaks on: a message quoting a contributor's text must still
# print as one line, or the `path:line:col:` format breaks for editors and CI.
_LINE_BREAKS = {ord(ch): repr(ch)[1:-1] for ch in "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"}
# What else a terminal acts on instead of showing: the other control characters (ESC starts
# a command) and the bidirectional overrides and isolates, which reorder the rest of the line.
_UNPRINTABLE = {**{code: f"\\x{code:02x}" for code in (*range(0x20), *range(0x7F, 0xA0))
                   if code != 0x09},
                **{code: f"\\u{code:04x}" for code in (*range(0x202A, 0x202F),
                                                          *range(0x2066, 0x206A))},
                **_LINE_BREAKS}


def one_line(text: str) -> str:
    """`text` with its line breaks written as escapes (`\\n`), as in a YAML double-quoted string."""
    return text.translate(_LINE_BREAKS)


def printable(text: str) -> str:
    """`text` as a terminal shows it: line breaks, control characters and direction
    overrides written as escapes, so a file name or a quote can neither forge a line of
    output nor send a command to the terminal."""
    return text.translate(_UNPRINTABLE)


def format_text(diagnostics: Iterable[Diagnostic]) -> str:
    lines: list[str] = []
    for d in sorted(diagnostics, key=sort_key):
        lines.append(f"{printable(d.path)}:{d.line}:{d.column}: {d.severity}: "
                     f"{printable(d.message)} [{d.code}]")
        if d.hint:
            lines.extend(f"    hint: {printable(hint_line)}" for hint_line in d.hint.splitlines())
    return "\n".join(lines)


def _escape_github_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_github_property(text: str) -> str:
    return _escape_github_data(text).replace(":", "%3A").replace(",", "%2C")


def format_github(diagnostics: Iterable[Diagnostic]) -> str:
    """GitHub workflow commands: each problem becomes an annotation on the changed line."""
    lines: list[str] = []
    for d in sorted(diagnostics, key=sort_key):
        body = "\n".join(printable(line) for line in (d.message, *d.hint.splitlines()))
        properties = ",".join(
            f"{key}={_escape_github_property(value)}"
            for key, value in (
                ("file", printable(d.path)),
                ("line", str(d.line)),
                ("col", str(d.column)),
                ("title", d.code),
            )
        )
        lines.append(f"::{d.severity} {properties}::{_escape_github_data(body)}")
    return "\n".join(lines)


def formatted(diagnostics: Iterable[Diagnostic], style: str = "text") -> str:
    """The diagnostics as the command line prints them: `text`, or `github` annotations."""
    return (format_github if style == "github" else format_text)(diagnostics)


def summary(diagnostics: Iterable[Diagnostic]) -> str:
    items = list(diagnostics)
    errors = sum(d.is_error for d in items)
    warnings = len(items) - errors
    return f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
