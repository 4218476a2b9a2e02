"""What each stage of a command did and cost: wall and CPU seconds, peak memory, of this
process and of the processes it forked or ran."""

from __future__ import annotations

import resource
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from ..diagnostics import Diagnostic
from .executor import Shares, max_resident

Result = TypeVar("Result")


@dataclass(frozen=True)
class Usage:
    """What one stage did (`detail`) and cost: wall and CPU seconds (of this process and
    of the programs it ran, e.g. Pagefind), and the peak resident memory of each so far,
    in bytes."""

    name: str
    detail: str
    wall: float
    cpu: float
    child_cpu: float
    peak_memory: int
    child_peak_memory: int


def _cpu(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


@dataclass
class Report:
    """What a command did: its diagnostics, and the time and counts of each stage."""

    diagnostics: tuple[Diagnostic, ...] = ()
    usage: list[Usage] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(d.is_error for d in self.diagnostics)

    @property
    def stages(self) -> list[tuple[str, float, str]]:
        """(name, wall seconds, what it did) of each stage."""
        return [(u.name, u.wall, u.detail) for u in self.usage]

    def merge(self, other: Report) -> None:
        """Take in what another process did."""
        self.diagnostics = (*self.diagnostics, *other.diagnostics)
        self.usage += other.usage

    def timed(self, name: str, action: Callable[[], Result],
              detail: Callable[[Result], str] = str, *,
              running: Shares[Any] | None = None,
              starts: Callable[[Result], Shares[Any] | None] | None = None) -> Result:
        """Run a stage, note what it did (`detail` of its result) and cost, and give back
        its result. What it cost counts what forked processes spent meanwhile: those
        `running` before it, or those it `starts` (found in its result)."""
        start = time.perf_counter()
        cpu, children = _cpu(resource.RUSAGE_SELF), _cpu(resource.RUSAGE_CHILDREN)
        forked_before = running.cpu if running else 0.0
        result = action()
        wall = time.perf_counter() - start
        forked = (starts(result) if starts else None) or running
        self.usage.append(Usage(
            name, detail(result), wall, _cpu(resource.RUSAGE_SELF) - cpu,
            _cpu(resource.RUSAGE_CHILDREN) - children
            + (forked.cpu if forked else 0.0) - forked_before,
            max_resident(resource.RUSAGE_SELF),
            max(max_resident(resource.RUSAGE_CHILDREN), forked.peak_memory if forked else 0)))
        return result
