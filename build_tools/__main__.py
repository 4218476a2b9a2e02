"""The command line: parse arguments, run one pipeline function, map its report to an exit code."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from . import pipeline
from .collate import Site
from .diagnostics import Diagnostic, format_github, format_text, summary


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m build_tools",
                                     description="Check and publish the annotated collection.")
    parser.add_argument("--root", type=Path, default=Path.cwd(),
                        help="the repository root (default: the current folder)")
    parser.add_argument("--format", choices=("text", "github"), default="text",
                        help="how to print problems; github: workflow annotations")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("check", help="validate the collection and report every problem")
    commands.add_parser("build", help="check, generate docs/, build site/ and its search index")
    serve = commands.add_parser("serve", help="build, then preview on 127.0.0.1 and rebuild "
                                              "when collection/ changes")
    serve.add_argument("--port", type=int, default=8000)
    return parser


def _print_diagnostics(diagnostics: Sequence[Diagnostic], style: str) -> None:
    if diagnostics:
        print((format_github if style == "github" else format_text)(diagnostics))
    print(f"check: {summary(diagnostics)}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    paths = pipeline.Paths(args.root.resolve())
    site = Site()
    if args.command == "check":
        result = pipeline.check(paths)
        _print_diagnostics(result.diagnostics, args.format)
        return 0 if result.ok else 1
    if args.command == "build":
        report = pipeline.build(paths, site)
        _print_diagnostics(report.diagnostics, args.format)
        for name, seconds, detail in report.stages:
            print(f"{name:>12}: {seconds:6.2f} s  {detail}", file=sys.stderr)
        if report.ok:
            print(f"built {paths.site.relative_to(paths.root)}/", file=sys.stderr)
        return 0 if report.ok else 1
    if args.command == "serve":
        from .serve import serve

        return serve(paths, site, args.port)
    return 2


if __name__ == "__main__":
    sys.exit(main())
