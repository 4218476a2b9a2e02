"""CPU of the build's own stages, check and generate, without MkDocs and Pagefind.

    python benchmarks/check_generate.py ROOT [--rounds 3]

ROOT holds a collection (benchmarks/synthetic.py writes one). Each round runs `build`
in a fresh process with the publishing stages left out, and reads the CPU seconds (this
process and the processes it forked) of the `check` and `generate` stages from its report.
Prints each round and the median as JSON. Used to hold a change of the code to the cost
of the build before it: run it on both checkouts back to back.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent


def one_round(root: Path) -> dict[str, float]:
    """check + generate of one build, the publishing stages replaced by nothing."""
    sys.path.insert(0, str(ROOT))
    from build_tools import pipeline, publish

    def nothing(*args: Any) -> str:
        site = args[2] if len(args) > 2 else args[0]
        Path(site).mkdir(parents=True, exist_ok=True)
        return "skipped"

    with mock.patch.object(publish, "mkdocs_build", nothing), \
            mock.patch.object(publish, "index", lambda site, problems: "skipped"):
        report = pipeline.build(pipeline.Paths(root), pipeline.site_settings(
            pipeline.Paths(root)))
    if not report.ok:
        raise SystemExit("\n".join(d.message for d in report.diagnostics))
    return {u.name: u.cpu + u.child_cpu for u in report.usage
            if u.name in {"check", "generate"}}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("root", type=Path)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(one_round(args.root.resolve())))
        return 0
    rounds = []
    for _ in range(args.rounds):
        done = subprocess.run([sys.executable, __file__, str(args.root), "--one"],
                              check=True, capture_output=True, text=True, cwd=ROOT)
        stages = json.loads(done.stdout)
        rounds.append({**stages, "both": sum(stages.values())})
        print(json.dumps(rounds[-1]), file=sys.stderr, flush=True)
    print(json.dumps({"rounds": rounds, "median": statistics.median(
        r["both"] for r in rounds)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
