"""The command line: parse arguments, run one pipeline function, map its report to an exit code."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Sequence
from pathlib import Path

from . import pipeline, scaffold
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
    serve.add_argument("--only", action="append", default=[], metavar="ARTICLE_ID",
                       help="preview just this article and the pages it touches (repeatable; "
                            "a glob such as '2025-07-*' selects several): fast at any size")
    new = commands.add_parser("new", help="add an article: copy its text into collection/ and "
                                          "write its sidecar, pre-filled from the registries")
    new.add_argument("text", type=Path, metavar="PATH_TO_TEXT", help="the article's text")
    new.add_argument("--id", help="a short English slug, e.g. kim-jong-un-receives-lavrov "
                                  "(the date is put before it)")
    new.add_argument("--date", type=_date, help="the publication date, YYYY-MM-DD (needed "
                                                "when the text does not state it with its year)")
    return parser


def _date(value: str) -> dt.date:
    try:
        return scaffold.parse_date(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _print_diagnostics(diagnostics: Sequence[Diagnostic], style: str) -> None:
    if diagnostics:
        print((format_github if style == "github" else format_text)(diagnostics))
    print(f"check: {summary(diagnostics)}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    paths = pipeline.Paths(args.root.resolve())
    site = pipeline.site_settings(paths)
    if args.command == "check":
        result = pipeline.check(paths, site=site)
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
    if args.command == "new":
        outcome = scaffold.new(paths.root, args.text,
                               scaffold.Request(str(args.text), args.id, args.date))
        if outcome.diagnostics:
            print((format_github if args.format == "github" else format_text)(
                outcome.diagnostics))
        if outcome.written:
            print(scaffold.report(outcome))
        print(f"new: {summary(outcome.diagnostics)}", file=sys.stderr)
        return 0 if outcome.written else 1
    if args.command == "serve":
        from .serve import serve

        return serve(paths, site, args.port, args.only)
    return 2


if __name__ == "__main__":
    sys.exit(main())
