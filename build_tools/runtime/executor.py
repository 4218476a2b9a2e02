"""Work in forked processes: `isolated` runs one action in a process of its own (a build
stage, whose memory is given back when it ends); `Shares` keeps processes that each hold
a share of the work between steps.

A build checks every article, then renders its page; the lists of the site need only a
little of each article. Forked once, each process checks its share of the articles, keeps
them, sends back what the lists need, and later renders the pages of the articles it kept:
an article is never copied from one process to another (pickling 10,000 of them costs more
than checking them), and both processors work on both steps.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import multiprocessing
import os
import resource
import signal
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import Any, Generic, TypeVar

Shared = TypeVar("Shared")
Result = TypeVar("Result")
Item = TypeVar("Item")


class WorkerDied(RuntimeError):
    """A forked process ended without sending its result back (killed, or it exited)."""

    def __init__(self, exitcode: int | None) -> None:
        super().__init__(f"a build process ended with code {exitcode} and no result")
        self.exitcode = exitcode


@dataclass
class Share(Generic[Shared]):
    """What a step gets in the process that runs it: which share it holds, what every
    process inherited, and what earlier steps of this process kept."""

    number: int
    count: int
    shared: Shared
    kept: dict[str, Any] = field(default_factory=dict)

    def mine(self, items: Sequence[Item]) -> Sequence[Item]:
        """This process's share of `items`: the `number`-th of `count` runs. Runs, not
        every `count`-th item: files written side by side in one folder by two processes
        take several times as long (the folder is locked for each)."""
        return items[self.number * len(items) // self.count:
                     (self.number + 1) * len(items) // self.count]


Step = Callable[..., Result]


class Shares(Generic[Shared]):
    """`count` processes forked from this one, each inheriting `shared` (unpickled); with
    a count of 1, steps run in this process. Use as a context manager."""

    def __init__(self, count: int, shared: Shared) -> None:
        self.count = max(1, count)
        self.shared = shared
        self._inline: Share[Shared] | None = None
        self._pipes: list[Connection] = []
        self._processes: list[multiprocessing.process.BaseProcess] = []
        self._pending: list[Any] | None = None
        # What the forked processes spent on the steps so far: CPU seconds, and the peak
        # resident memory of the largest, in bytes (a process is not waited for, so the
        # system's account of children does not have them yet).
        self.cpu = 0.0
        self.peak_memory = 0
        if count <= 1:
            self._inline = Share(0, 1, shared)
            return
        context = multiprocessing.get_context("fork")
        for number in range(count):
            mine, theirs = context.Pipe()
            process = context.Process(
                target=_serve, args=(theirs, Share(number, count, shared), os.getpid()),
                daemon=True)
            process.start()
            theirs.close()
            self._pipes.append(mine)
            self._processes.append(process)

    def start(self, step: Step[Any], *args: Any) -> None:
        """Run `step(share, *args)` in every process; `results()` waits for them. The step
        must be a module-level function (it is sent by name) and so must its arguments
        be picklable."""
        if self._inline is not None:
            self._pending = [step(self._inline, *args)]
            return
        for pipe in self._pipes:
            pipe.send((step, args))

    def results(self) -> list[Any]:
        """What the step started last returned, by share; its exception, raised here."""
        if self._pending is not None:
            pending, self._pending = self._pending, None
            return pending
        outcomes = [_receive(pipe, process)
                    for pipe, process in zip(self._pipes, self._processes, strict=True)]
        for outcome in outcomes:
            self.cpu += outcome.cpu
            self.peak_memory = max(self.peak_memory, outcome.peak_memory)
        return [outcome.value() for outcome in outcomes]

    def run(self, step: Step[Result], *args: Any) -> list[Result]:
        self.start(step, *args)
        return self.results()

    def __enter__(self) -> Shares[Shared]:
        return self

    def __exit__(self, *_exc: object) -> None:
        for pipe in self._pipes:
            with contextlib.suppress(OSError):  # it ended already
                pipe.send(None)
            pipe.close()
        for process in self._processes:
            process.join()


_PR_SET_PDEATHSIG = 1


def _end_with(parent: int) -> None:
    """Make this forked process end when `parent` does. A build killed with SIGKILL can
    tell no one; its processes would go on writing into the staging area that the next
    build clears and fills again (Linux; elsewhere they end when they next read their pipe)."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # it died before the request above was made
        os._exit(1)


def _serve(pipe: Connection, share: Share[Any], parent: int) -> None:
    """A forked process: run each step it is sent, until told to stop."""
    _end_with(parent)
    while True:
        try:
            message = pipe.recv()
        except EOFError:
            return
        if message is None:
            return
        step, args = message
        _answer(pipe, functools.partial(step, share, *args))


def isolated(action: Callable[[], Result]) -> Result:
    """`action()` in a process forked for it, so that what it takes is given back when it
    ends (CPython keeps the memory it frees); its result, or its exception raised here."""
    context = multiprocessing.get_context("fork")
    mine, theirs = context.Pipe()
    process = context.Process(target=_answer_once, args=(theirs, action, os.getpid()))
    process.start()
    theirs.close()
    try:
        outcome = _receive(mine, process)
    finally:
        process.join()
    return outcome.value()  # type: ignore[no-any-return]


@dataclass(frozen=True)
class _Outcome:
    """What came of a call in another process."""

    succeeded: bool
    result: object  # what it returned, or the exception it raised
    cpu: float  # CPU seconds it took
    peak_memory: int  # the process's peak resident memory so far, in bytes

    def value(self) -> Any:
        """What the call returned; what it raised, raised here."""
        if not self.succeeded:
            assert isinstance(self.result, BaseException)
            raise self.result
        return self.result


def _answer_once(pipe: Connection, call: Callable[[], object], parent: int) -> None:
    _end_with(parent)
    _answer(pipe, call)


def _answer(pipe: Connection, call: Callable[[], object]) -> None:
    cpu = time.process_time()
    try:
        succeeded, result = True, call()
    except BaseException as error:  # raised again in the parent
        succeeded, result = False, error
    pipe.send(_Outcome(succeeded, result, time.process_time() - cpu,
                       max_resident(resource.RUSAGE_SELF)))


def _receive(pipe: Connection, process: multiprocessing.process.BaseProcess) -> _Outcome:
    try:
        outcome: _Outcome = pipe.recv()
    except EOFError:
        process.join()
        raise WorkerDied(process.exitcode) from None
    return outcome


def max_resident(who: int) -> int:
    """The peak resident memory of this process or of its children waited for, in bytes."""
    return resource.getrusage(who).ru_maxrss * 1024  # kilobytes on Linux
