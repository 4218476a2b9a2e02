"""What each stage of a command did and cost: wall and CPU seconds, peak memory, of this
process and of the processes it forked or ran."""

from __future__ import annotations

import resource
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..diagnostics import Diagnostic
from .executor import Shares, max_resident


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

    def timed(self, name: str, action: Callable[[], str],
              shares: Callable[[], Shares[Any] | None] = lambda: None) -> None:
        """Run a stage and note what it cost, with what the processes of `shares()` (made
        before the stage or by it) spent meanwhile."""
        def children() -> float:  # those waited for, and those of `shares()`
            forked = shares()
            return _cpu(resource.RUSAGE_CHILDREN) + (forked.cpu if forked else 0.0)

        start = time.perf_counter()
        cpu, child_cpu = _cpu(resource.RUSAGE_SELF), children()
        detail = action()
        wall = time.perf_counter() - start
        forked = shares()
        self.usage.append(Usage(
            name, detail, wall, _cpu(resource.RUSAGE_SELF) - cpu, children() - child_cpu,
            max_resident(resource.RUSAGE_SELF),
            max(max_resident(resource.RUSAGE_CHILDREN), forked.peak_memory if forked else 0)))
