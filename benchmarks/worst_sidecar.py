"""The worst sidecar within the format's limits, on a text at the size limit: a benchmark.

    python benchmarks/worst_sidecar.py [--no-write]

writes, in a throwaway copy of the repository with the seed's registries, a KCNA text of
just under the 2 MiB limit made of the seed's paragraphs, and beside it a sidecar that
does the most work the limits allow: the most glossary quotes and notes, one letter long
(each found at every place the cap allows), quotes of the longest length, mistyped so that
each asks for a closest passage, and every participant with the most forms, all missing.
It runs `python -m build_tools check` on it three times and reports the slowest wall time
and the largest peak memory, written into docs/about/benchmarks.md between its
`worst-sidecar` markers. Targets: under 5 s and 500 MB.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: `build_tools` lives in the repository root
    sys.path.insert(0, str(ROOT))

from benchmarks.machine import one_line as machine  # noqa: E402
from benchmarks.search_quality import replace_section  # noqa: E402
from build_tools.read import MAX_TEXT_BYTES  # noqa: E402
from tests.support.worst_sidecar import (  # noqa: E402
    FORMS,
    GLOSSARY,
    LONG_QUOTES,
    NOTES,
    QUOTE,
    prepare,
)

DOC = ROOT / "docs" / "about" / "benchmarks.md"
TARGETS = {"seconds": 5.0, "megabytes": 500.0}


def measure(repo: Path, runs: int = 3) -> tuple[float, float, int]:
    """(slowest wall seconds, largest peak memory in MB, problems reported) of `check`."""
    slowest, problems = 0.0, 0
    for _ in range(runs):
        started = time.perf_counter()
        finished = subprocess.run([sys.executable, "-m", "build_tools", "--root", str(repo),
                                   "check"], cwd=ROOT, capture_output=True, text=True)
        slowest = max(slowest, time.perf_counter() - started)
        assert finished.returncode == 1 and "Traceback" not in finished.stderr, finished.stderr
        problems = sum(": error: " in line or ": warning: " in line
                       for line in finished.stdout.splitlines())
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return slowest, peak, problems


def table(seconds: float, megabytes: float, problems: int) -> str:
    return "\n".join([
        f"Measured on {machine()}: `python -m build_tools check` of a "
        f"{MAX_TEXT_BYTES / 2**20:.0f} MiB text with a sidecar at every limit of the format "
        f"({GLOSSARY:,} glossary quotes, {NOTES:,} notes, {FORMS} forms for each "
        f"participant, {LONG_QUOTES} mistyped quotes of {QUOTE:,} characters); it reports "
        f"{problems:,} problems. Slowest of three runs.", "",
        "| what | measured | target |", "|---|---:|---:|",
        f"| wall time | {seconds:.1f} s | under {TARGETS['seconds']:.0f} s |",
        f"| peak memory | {megabytes:.0f} MB | under {TARGETS['megabytes']:.0f} MB |"])


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--no-write", action="store_true", help="print, do not write the page")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        seconds, megabytes, problems = measure(prepare(Path(folder) / "repo"))
    result = table(seconds, megabytes, problems)
    print(result)
    if not args.no_write:
        replace_section(DOC, "worst-sidecar", result)
    met = seconds < TARGETS["seconds"] and megabytes < TARGETS["megabytes"]
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
