"""CPU of the build's own stages, check and generate, without MkDocs and Pagefind.

    python benchmarks/check_generate.py ROOT [--rounds 3] [--against CHECKOUT] [--page]

ROOT holds a collection (`python benchmarks/synthetic.py ROOT --articles 10000` writes
one). Each round runs `build` in a fresh process with the publishing stages left out, and
reads the CPU seconds (this process and the processes it forked) of the `check` and
`generate` stages from its report. With `--against`, the rounds alternate between this
checkout's code and CHECKOUT's (another clone or worktree, e.g. of the commit before a
change), so both are measured in one run under the same load. Prints each round and the
medians as JSON; `--page` also writes them into docs/about/benchmarks.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import statistics
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "docs/about/benchmarks.md"
BEGIN, END = "<!-- check-generate -->", "<!-- /check-generate -->"


def one_round(root: Path, tools: Path) -> dict[str, float]:
    """check + generate of one build with the code of `tools`, the publishing stages
    replaced by nothing (the names used exist in every layout of build_tools so far)."""
    sys.path.insert(0, str(tools))
    from build_tools import pipeline, publish

    def nothing(*args: Any) -> str:
        Path(args[2] if len(args) > 2 else args[0]).mkdir(parents=True, exist_ok=True)
        return "skipped"

    with mock.patch.object(publish, "mkdocs_build", nothing), \
            mock.patch.object(publish, "index", lambda site, problems: "skipped"):
        paths = pipeline.Paths(root)
        report = pipeline.build(paths, pipeline.site_settings(paths))
    if not report.ok:
        raise SystemExit("\n".join(d.message for d in report.diagnostics))
    return {u.name: u.cpu + u.child_cpu for u in report.usage
            if u.name in {"check", "generate"}}


def _round(root: Path, tools: Path) -> dict[str, float]:
    done = subprocess.run([sys.executable, __file__, str(root), "--one", str(tools)],
                          check=True, capture_output=True, text=True, cwd=tools)
    stages: dict[str, float] = json.loads(done.stdout)
    return {**stages, "both": sum(stages.values())}


def measure(root: Path, rounds: int, against: Path | None) -> dict[str, Any]:
    checkouts = {"this": ROOT, **({"against": against} if against else {})}
    measured: dict[str, list[dict[str, float]]] = {name: [] for name in checkouts}
    for _ in range(rounds):
        for name, tools in checkouts.items():
            measured[name].append(_round(root, tools))
            print(name, json.dumps(measured[name][-1]), file=sys.stderr, flush=True)
    return {name: {"rounds": found, "median": statistics.median(r["both"] for r in found)}
            for name, found in measured.items()}


def _commit(checkout: Path) -> str:
    done = subprocess.run(["git", "-C", str(checkout), "rev-parse", "--short", "HEAD"],
                          capture_output=True, text=True, check=False)
    return done.stdout.strip() or checkout.name


def write_section(result: dict[str, Any], root: Path, against: Path | None,
                  page: Path) -> None:
    """The result as the page's check-generate section, in place of the one before."""
    articles = sum(1 for _ in root.glob("collection/articles/*/*.yml"))
    rounds = len(result["this"]["rounds"])
    lines = [BEGIN, "", "## Check + generate alone", "",
             f"`python benchmarks/check_generate.py` on {articles:,} synthetic articles, "
             f"{rounds} rounds each, measured on {dt.date.today().isoformat()}: CPU seconds "
             "(all processes) of the build's own stages, MkDocs and Pagefind left out.", ""]
    rows = [("this code", ROOT, result["this"])]
    if against is not None:
        rows.append(("before", against, result["against"]))
    lines += ["| code | commit | check | generate | check + generate (median) |",
              "|---|---|---|---|---|"]
    for label, checkout, found in rows:
        check = statistics.median(r["check"] for r in found["rounds"])
        generate = statistics.median(r["generate"] for r in found["rounds"])
        lines.append(f"| {label} | `{_commit(checkout)}` | {check:.1f} s | {generate:.1f} s "
                     f"| {found['median']:.1f} s |")
    if against is not None:
        ratio = result["this"]["median"] / result["against"]["median"] - 1
        lines += ["", f"This code against the one before: {ratio:+.1%} (the rounds "
                  "alternate, so both ran under the same load)."]
    section = "\n".join([*lines, "", END])
    text = page.read_text("utf-8")
    pattern = re.compile(re.escape(BEGIN) + ".*?" + re.escape(END), re.S)
    text = (pattern.sub(lambda _: section, text) if pattern.search(text)
            else text.rstrip("\n") + "\n\n" + section + "\n")
    page.write_text(text, "utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("root", type=Path)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--against", type=Path, help="another checkout, measured alternately")
    parser.add_argument("--page", action="store_true", help="write docs/about/benchmarks.md")
    parser.add_argument("--one", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    root = args.root.resolve()
    if args.one:
        print(json.dumps(one_round(root, args.one.resolve())))
        return 0
    against = args.against.resolve() if args.against else None
    result = measure(root, args.rounds, against)
    print(json.dumps(result))
    if args.page:
        write_section(result, root, against, PAGE)
    return 0


if __name__ == "__main__":
    sys.exit(main())
