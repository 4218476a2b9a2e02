"""The one place that tunes the garbage collector.

A run reads a large graph of objects with few cycles (models of every file read), kept to
its end: the cyclic collector, run while the graph grows and again while pages are made,
would walk it over and over to free nothing. So it is off while reading, and what was
read is then frozen out of its sight. Objects freed by reference counting are freed as
always; only cyclic garbage made while it is off waits for it to come back on.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


def reading() -> None:
    """A run starts: what an earlier run in this process froze (a preview's) may be
    garbage now, so it is handed back to the collector, which then waits."""
    gc.unfreeze()
    gc.disable()


def read() -> None:
    """What is held now lives until the run ends: out of the collector's sight, which
    comes back on for what is made from here."""
    gc.freeze()
    gc.enable()


def done() -> None:
    """The run ended, whatever happened: the collector is on."""
    gc.enable()


@contextlib.contextmanager
def without_cycles() -> Iterator[None]:
    """For work that makes millions of small objects, none in a cycle (the merge of a
    search index's parts): the collector would walk them over and over to free nothing."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
