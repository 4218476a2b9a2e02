"""Problems found in one file at a time, each with its line and column."""

from __future__ import annotations

from collections.abc import Iterable

from ..diagnostics import Diagnostic, Severity
from ..read import YamlPath, YamlRecord


class Problems:
    """Collects diagnostics for one file at a time."""

    def __init__(self) -> None:
        self.items: list[Diagnostic] = []

    def extend(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.items.extend(diagnostics)

    def add(self, record: YamlRecord, path: YamlPath, code: str, message: str, hint: str,
            *, key: bool = False, severity: Severity = Severity.ERROR) -> None:
        line, column = record.where(path, key=key)
        self.items.append(Diagnostic(record.path, line, column, code, message, hint, severity))

    def errors_in(self, path: str) -> bool:
        return any(d.is_error and d.path == path for d in self.items)
