"""The last line of defence of the command line: an unexpected failure becomes one message.

A contributor should never read a Python traceback. What `check` finds in the collection
is reported as diagnostics by the pipeline itself; this module catches what is left (the
disk is full, a folder is not writable, a build process was killed, a bug) and says, in
the same `path:line:col: error: message [code]` form, what happened and what to do.
"""

from __future__ import annotations

import contextlib
import errno
import itertools
import os
import signal
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path

from .diagnostics import Diagnostic, format_github, format_text, relative
from .runtime.executor import WorkerDied

INTERNAL_ERROR = 2  # the exit code of a failure that is not a problem in the collection
INTERRUPTED = 130  # 128 + SIGINT, as shells report a command stopped by Ctrl-C
BROKEN_PIPE = 141  # 128 + SIGPIPE, as shells report a command whose reader went away
DEBUG_VARIABLE = "BUILD_TOOLS_DEBUG"  # set to 1 to see the traceback, for a bug report

_REPORT = ("this is a bug in build_tools; please report it with the command you ran "
           f"(run it again with {DEBUG_VARIABLE}=1 to include the Python traceback)")

# What to do about the OS errors a contributor's machine can cause, by errno.
_OS_HINTS = {
    errno.ENOSPC: "the disk is full: free some space (a build writes docs/, site/ and "
                  ".build/) and run the command again",
    errno.EDQUOT: "your disk quota is used up: free some space and run the command again",
    errno.EACCES: "you may not read or write there: check the permissions of the file and "
                  "its folder (ls -ld), or work in a clone you own",
    errno.EPERM: "the system does not allow this operation there: check the permissions "
                 "of the file and its folder (ls -ld), or work in a clone you own",
    errno.EROFS: "the file system is read-only: work in a clone on a writable disk",
    errno.ENOENT: "a file or folder is missing: run the command from the repository root "
                  "(or pass --root), and check that nothing removed it meanwhile",
    errno.ENOTDIR: "a file is where a folder should be: move the file away (the build "
                   "makes that folder again) and run the command again",
    errno.EISDIR: "a folder is where a file should be: move the folder away and run the "
                  "command again",
    errno.EMFILE: "too many files are open at once: close other programs, or raise the "
                  "limit (ulimit -n 4096), and run the command again",
}


def _root(argv: Sequence[str]) -> Path:
    """The repository root the command was given (`--root`), to show paths inside it."""
    for index, arg in enumerate(argv):
        if arg == "--root" and index + 1 < len(argv):
            return Path(argv[index + 1]).resolve()
        if arg.startswith("--root="):
            return Path(arg.partition("=")[2]).resolve()
    return Path.cwd()


def _signal_name(code: int | None) -> str:
    if code is None or code >= 0:
        return f"code {code}"
    try:
        return f"signal {signal.Signals(-code).name}"
    except ValueError:
        return f"signal {-code}"


def explain(error: BaseException, root: Path) -> Diagnostic:
    """What a contributor is told about a failure that escaped the pipeline."""
    if isinstance(error, OSError):
        where = relative(Path(os.fsdecode(error.filename)).resolve(), root) \
            if error.filename is not None else "."
        reason = error.strerror or str(error)
        hint = _OS_HINTS.get(error.errno or 0, "check the path, its permissions and the disk "
                                               "space, then run the command again")
        return Diagnostic(where, 1, 1, "os-error", f"the system refused: {reason}", hint)
    if isinstance(error, MemoryError):
        return Diagnostic(".", 1, 1, "out-of-memory", "the command ran out of memory",
                          "close other programs and run it again; to preview one article "
                          "of a large collection, use: python -m build_tools serve --only ID")
    if isinstance(error, WorkerDied):
        return Diagnostic(".", 1, 1, "worker-died",
                          f"a build process ended with {_signal_name(error.exitcode)} "
                          "before it finished its work",
                          "something stopped it (SIGKILL is often the system running out "
                          "of memory): close other programs and run the command again; "
                          f"if it happens again, {_REPORT}")
    return Diagnostic(".", 1, 1, "internal-error",
                      f"internal error: {type(error).__name__}: {error}", _REPORT)


def guarded(main: Callable[[Sequence[str]], int], argv: Sequence[str] | None = None) -> int:
    """`main(argv)`'s exit code; any failure it lets out, as one message and a code."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    try:
        return main(arguments)
    except KeyboardInterrupt:
        return INTERRUPTED  # the contributor stopped it: nothing to explain
    except BrokenPipeError:  # `… | head`: the reader has what it wanted
        with contextlib.suppress(OSError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return BROKEN_PIPE
    except (SystemExit, GeneratorExit):
        raise
    except BaseException as error:  # the point: nothing escapes unexplained
        if os.environ.get(DEBUG_VARIABLE):
            traceback.print_exc()
        _tell(explain(error, _root(arguments)), arguments)
        return INTERNAL_ERROR


def _tell(diagnostic: Diagnostic, argv: Sequence[str]) -> None:
    github = "--format=github" in argv or any(
        a == "--format" and b == "github" for a, b in itertools.pairwise(argv))
    try:
        if github:
            print(format_github([diagnostic]), flush=True)
        print(format_text([diagnostic]), file=sys.stderr, flush=True)
    except OSError:
        pass  # stdout or stderr is gone (a closed pipe): there is no one left to tell
