"""The command line: parse arguments, run one pipeline function, map its report to an exit code."""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from . import failures, pipeline
from .diagnostics import Diagnostic, formatted, summary
from .scaffold import new as scaffold
from .scaffold import stubs
from .validate import published

FORMATS = ("text", "github")
FORMAT_HELP = "how to print problems; github: workflow annotations"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m build_tools",
                                     description="Check and publish the annotated collection.")
    parser.add_argument("--root", type=Path, default=Path.cwd(),
                        help="the repository root (default: the current folder)")
    parser.add_argument("--format", choices=FORMATS, default="text", help=FORMAT_HELP)
    # Also after the command (`check --format github`), where people put it too.
    formats = argparse.ArgumentParser(add_help=False)
    formats.add_argument("--format", choices=FORMATS, default=argparse.SUPPRESS,
                         help=FORMAT_HELP)
    commands = parser.add_subparsers(dest="command", required=True)
    add_parser = functools.partial(commands.add_parser, parents=[formats])
    check = add_parser("check", help="validate the collection and report every problem")
    check.add_argument("--base", metavar="REF", help="also compare with the collection at git "
                       "commit REF: a published text must not change, nor an id disappear")
    check.add_argument(published.ALLOW_FLAG, action="store_true",
                       help="with --base: report such changes as warnings, not errors (a "
                            "maintainer's deliberate decision)")
    changes = add_parser("changes", help="print, as Markdown, the articles and "
                                  "registry entries added, modified or removed since REF")
    changes.add_argument("--base", metavar="REF", required=True, help="a git commit")
    add_parser("build", help="check, generate docs/, build site/ and its search index")
    serve = add_parser("serve", help="build, then preview on 127.0.0.1 and rebuild "
                                              "when collection/ changes")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--only", action="append", default=[], metavar="ARTICLE_ID",
                       help="preview just this article and the pages it touches (repeatable; "
                            "a glob such as '2025-07-*' selects several): fast at any size")
    new = add_parser("new", help="add an article: copy its text into collection/ and "
                                          "write its sidecar, pre-filled from the registries")
    new.add_argument("text", type=Path, metavar="PATH_TO_TEXT", help="the article's text")
    new.add_argument("--id", help="a short English slug, e.g. kim-jong-un-receives-lavrov "
                                  "(the date is put before it)")
    new.add_argument("--date", type=_date, help="the publication date, YYYY-MM-DD (needed "
                                                "when the text does not state it with its year)")
    _add_parser(add_parser)
    return parser


def _add_parser(add_parser: Callable[..., argparse.ArgumentParser]) -> None:
    add = add_parser("add", help="add a registry entry: write collection/people/, "
                                          "glossary/ or topics/ID.yml with what to fill in")
    add.add_argument("kind", choices=sorted(stubs.KINDS), help="what the entry is")
    add.add_argument("id", metavar="ID", help="its id, e.g. wang-yajun: lowercase ASCII "
                                              "letters, digits and hyphens, forever its URL")
    add.add_argument("--name-ar", help="its name as Arabic texts write it")
    add.add_argument("--name-en", help="its name in English")


def _add(root: Path, args: argparse.Namespace, style: str) -> int:
    names = tuple((language, name) for language, name in (("ar", args.name_ar),
                                                          ("en", args.name_en)) if name is not None)
    outcome = stubs.add(root, stubs.Request(args.kind, args.id, names))
    if outcome.diagnostics:
        print(formatted(outcome.diagnostics, style))
    if outcome.written:
        print(stubs.report(outcome))
    print(f"add: {summary(outcome.diagnostics)}", file=sys.stderr)
    return 0 if outcome.written else 1


def _date(value: str) -> dt.date:
    try:
        return scaffold.parse_date(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _print_diagnostics(diagnostics: Sequence[Diagnostic], style: str) -> None:
    if diagnostics:
        print(formatted(diagnostics, style))
    print(f"check: {summary(diagnostics)}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    paths = pipeline.Paths(args.root.resolve())
    site = pipeline.site_settings(paths)
    if args.command == "check":
        if args.allow_published_changes and not args.base:
            _parser().error(f"{published.ALLOW_FLAG} needs --base REF")
        result = pipeline.check(paths, site=site)
        diagnostics = [*result.diagnostics, *(published.check(
            paths.root, args.base, args.allow_published_changes) if args.base else ())]
        _print_diagnostics(diagnostics, args.format)
        return 0 if not any(d.is_error for d in diagnostics) else 1
    if args.command == "changes":
        markdown, problems = published.changes(paths.root, args.base, site.language)
        if problems:
            print(formatted(problems, args.format), file=sys.stderr)
            return 1
        print(markdown, end="")
        return 0
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
            print(formatted(outcome.diagnostics, args.format))
        if outcome.written:
            print(scaffold.report(outcome))
        print(f"new: {summary(outcome.diagnostics)}", file=sys.stderr)
        return 0 if outcome.written else 1
    if args.command == "add":
        return _add(paths.root, args, args.format)
    if args.command == "serve":
        from .serve import serve

        return serve(paths, site, args.port, args.only)
    return 2


if __name__ == "__main__":
    sys.exit(failures.guarded(main))
