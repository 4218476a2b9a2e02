"""Scaffold a new article: a text and the registries in, a proposed id and sidecar out.

`propose` is pure: it finds in the text what the collection already knows (registry
people, organisations and glossary terms, through the same forgiving matching `check`
uses to link names; the date the text states; its script; a KCNA section line) and
writes a sidecar with those filled in, from templates/sidecar.yml.j2. What only a person
can write (the summary, each participant's role) is left out, with a `# TODO` comment
where it belongs, so that `check` fails on it with "missing required field" until it is
written.

`new` is the thin edge around it: it reads the registries with the code `check` uses,
refuses to overwrite anything, and copies the text byte for byte beside its sidecar.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .. import anchor, arabic
from ..diagnostics import Diagnostic, Severity, relative
from ..discover import discover
from ..models import EntityKind, Registries, SourceText, Span
from ..read import read_registries as read_files
from ..read import read_text
from ..validate import ARTICLE_ID_RULE, ID_RULE, outcome, prepare
from .templating import templates

# The first line of templates/sidecar.yml.j2 (tests/test_scaffold.py holds them together).
SCHEMA_LINE = "# yaml-language-server: $schema=../../../build_tools/schemas/sidecar.schema.json"
KCNA_PUBLISHER = "Korean Central News Agency (KCNA)"
SLUG_ENTITIES = 2  # an id names the first people the text names, no more

# ---------------------------------------------------------------------------- dates

# Month names as Arabic texts write them: Levantine/Iraqi (تموز), Egyptian/Gulf (يوليو),
# Maghrebi (جويلية), with their common spelling variants.
MONTHS: tuple[tuple[str, int], ...] = (
    ("كانون الثاني", 1), ("شباط", 2), ("آذار", 3), ("نيسان", 4), ("أيار", 5),
    ("حزيران", 6), ("تموز", 7), ("آب", 8), ("أيلول", 9), ("تشرين الأول", 10),
    ("تشرين الثاني", 11), ("كانون الأول", 12),
    ("يناير", 1), ("فبراير", 2), ("مارس", 3), ("أبريل", 4), ("إبريل", 4), ("مايو", 5),
    ("يونيو", 6), ("يونيه", 6), ("يوليو", 7), ("يوليه", 7), ("أغسطس", 8), ("سبتمبر", 9),
    ("أكتوبر", 10), ("نوفمبر", 11), ("ديسمبر", 12),
    ("جانفي", 1), ("فيفري", 2), ("أفريل", 4), ("ماي", 5), ("جوان", 6), ("جويلية", 7),
    ("أوت", 8),
)
_MONTH_BY_KEY = {arabic.fold(name): number for name, number in MONTHS}
_MONTH = "|".join(re.escape(key) for key in sorted(_MONTH_BY_KEY, key=len, reverse=True))
# On the folded text: "12 من تموز/ يوليو عام 2025", "12 تموز 2025", "12 يوليو".
_DATE = re.compile(
    rf"(?<![\w/])(?P<day>\d{{1,2}})\s+(?:من\s+)?(?:شهر\s+)?(?P<month>{_MONTH})\b"
    rf"(?:\s*[/(-]\s*(?P<other>{_MONTH})\b\s*\)?)?"
    rf"(?:\s*[،,]?\s*(?:من\s+)?(?:عام|سنه)?\s*(?P<year>\d{{4}})(?![\w/]))?"
)
_ENGLISH_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
                   "September", "October", "November", "December")


@dataclass(frozen=True)
class StatedDate:
    """A day and month the text states (the first it states), and its year if stated."""

    day: int
    month: int
    year: int | None
    span: Span  # the words of the text that state it

    def describe(self) -> str:
        text = f"{self.day} {_ENGLISH_MONTHS[self.month - 1]}"
        return f"{text} {self.year}" if self.year else text

    def agrees_with(self, date: dt.date) -> bool:
        return (date.month, date.day) == (self.month, self.day) and self.year in (None, date.year)


def stated_date(text: str) -> StatedDate | None:
    """The first date the text states with at least a day and a month."""
    folded = anchor.FoldedText.of(text)
    for match in _DATE.finditer(folded.folded):
        month = _MONTH_BY_KEY[match["month"]]
        if match["other"] and _MONTH_BY_KEY[match["other"]] != month:
            continue
        day, year = int(match["day"]), int(match["year"]) if match["year"] else None
        try:
            dt.date(year or 2024, month, day)  # 2024: a leap year accepts 29 February
        except ValueError:
            continue
        end = match.end("year") if year else match.end("other") if match["other"] \
            else match.end("month")
        return StatedDate(day, month, year, folded.to_source(match.start(), end))
    return None


def parse_date(value: str) -> dt.date:
    """An ISO date (YYYY-MM-DD), or ValueError saying what is wrong."""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError(f"`{value}` is not a date: write it as YYYY-MM-DD, e.g. 2025-07-12")
    try:
        return dt.date.fromisoformat(value)
    except ValueError as error:
        raise ValueError(f"`{value}` is not a date: {error}") from None


# ------------------------------------------------------------------- what it knows


def _is_arabic_letter(ch: str) -> bool:
    return ch.isalpha() and unicodedata.name(ch, "").startswith("ARABIC")


def text_language(text: str) -> str | None:
    """`ar` for a text written mostly in Arabic script; None when it can't tell."""
    letters = [ch for ch in text if ch.isalpha()]
    arabic_letters = sum(_is_arabic_letter(ch) for ch in letters)
    return "ar" if letters and arabic_letters * 2 > len(letters) else None


@dataclass(frozen=True)
class Finding:
    """A registry entry found in the text, by the exact words at `span`."""

    kind: str  # "participant", "mention" or "term"
    target: str  # the registry id
    quote: str
    span: Span


def find_registry(text: str, registries: Registries) -> list[Finding]:
    """Every registry person, organisation and term the text names, in text order."""
    folded = anchor.FoldedText.of(text)
    findings: list[Finding] = []
    for entity in registries.entities:
        kind = "participant" if entity.kind is EntityKind.PERSON else "mention"
        findings.extend(Finding(kind, entity.id, text[s.start:s.end], s)
                        for s in anchor.find_forms(folded, entity.forms))
    for term in registries.terms:
        findings.extend(Finding("term", term.id, text[s.start:s.end], s)
                        for s in anchor.find_forms(folded, term.forms))
    return sorted(findings, key=lambda f: (f.span.start, f.span.end, f.kind, f.target))


def _grouped(findings: Iterable[Finding], kind: str) -> dict[str, list[str]]:
    """Registry id -> its distinct quotes, both in order of first appearance."""
    groups: dict[str, list[str]] = {}
    for finding in findings:
        if finding.kind == kind:
            quotes = groups.setdefault(finding.target, [])
            if finding.quote not in quotes:
                quotes.append(finding.quote)
    return groups


# ------------------------------------------------------------------------- proposal


@dataclass(frozen=True)
class Proposal:
    """What `new` would write, and what it says about it."""

    id: str
    date: dt.date
    sidecar: str  # the sidecar's YAML text
    findings: tuple[Finding, ...]
    decided: tuple[str, ...]  # what it filled in without a registry, and from where
    undecided: tuple[str, ...]  # what it could not decide for sure
    todo: tuple[str, ...]  # what a person must still write


@dataclass(frozen=True)
class Request:
    """The contributor's own word on the new article."""

    text_path: str  # as shown in messages
    id: str | None = None  # a slug, or a whole id starting with the date
    date: dt.date | None = None


def _error(path: str, code: str, message: str, hint: str, line: int = 1,
           column: int = 1) -> Diagnostic:
    return Diagnostic(path, line, column, code, message, hint)


def _resolve_date(request: Request, text: str, stated: StatedDate | None,
                  notes: list[str], undecided: list[str]
                  ) -> tuple[dt.date | None, list[Diagnostic]]:
    path = request.text_path
    where = anchor.line_and_column(text, stated.span.start) if stated else (1, 1)
    quoted = f"«{text[stated.span.start:stated.span.end]}»" if stated else ""
    # A whole id (2025-07-12-...) says the date too, but never against the text's own.
    given, origin = request.date, "--date"
    if given is None and (stated is None or stated.year is None):
        given, origin = _id_date(request.id), "--id"
    if given is not None:
        if stated and not stated.agrees_with(given):
            return given, [Diagnostic(
                path, *where, "date-disagrees",
                f"the text says {stated.describe()} ({quoted}) but {origin} gives {given}",
                f"{origin} wins; check which is the publication date", Severity.WARNING)]
        if stated is None:
            undecided.append(f"date: the text states none; {given} is taken from {origin}")
        elif stated.year is None:
            undecided.append(f"date: the text says {stated.describe()} at {path}:{where[0]}:"
                             f"{where[1]} {quoted} without a year; the year {given.year} is "
                             f"taken from {origin}")
        else:
            notes.append(f"date {given}: stated in the text at {path}:{where[0]}:{where[1]} "
                         f"{quoted}")
        return given, []
    if stated is not None and stated.year is not None:
        date = dt.date(stated.year, stated.month, stated.day)
        notes.append(f"date {date}: stated in the text at {path}:{where[0]}:{where[1]} {quoted}")
        return date, []
    if stated is not None:
        return None, [_error(
            path, "date-without-year",
            f"the text says {stated.describe()} ({quoted}) but not the year",
            f"pass the publication date: --date YYYY-{stated.month:02d}-{stated.day:02d}",
            *where)]
    return None, [_error(path, "no-date", "the text states no publication date",
                         "pass the publication date: --date YYYY-MM-DD")]


def _id_date(id: str | None) -> dt.date | None:
    match = ARTICLE_ID_RULE.fullmatch(id or "")
    if match is None:
        return None
    try:
        return dt.date.fromisoformat(match[1])
    except ValueError:
        return None


def _slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def _resolve_id(request: Request, date: dt.date, findings: Sequence[Finding],
                registries: Registries) -> tuple[str | None, list[Diagnostic]]:
    prefix = f"{date.isoformat()}-"
    if request.id is not None:
        wanted = request.id
        if ARTICLE_ID_RULE.fullmatch(wanted):
            if not wanted.startswith(prefix):
                return None, [_error(
                    request.text_path, "id-date-mismatch",
                    f"--id `{wanted}` starts with {wanted[:10]} but the date is {date}",
                    f"an article id starts with its date: --id {prefix}{wanted[11:]}")]
            return wanted, []
        if ID_RULE.fullmatch(wanted):
            return prefix + wanted, []
        suggestion = _slugify(wanted) or "short-english-title"
        return None, [_error(
            request.text_path, "bad-id", f"--id `{wanted}` is not a valid id",
            "an id uses lowercase ASCII letters, digits and single hyphens (it is the page's "
            f"URL, forever): e.g. --id {suggestion}")]
    people = {e.id for e in registries.entities if e.kind is EntityKind.PERSON}
    named = list(dict.fromkeys(f.target for f in findings if f.kind != "term"))
    chosen = [i for i in named if i in people][:SLUG_ENTITIES] or named[:SLUG_ENTITIES]
    if not chosen:
        return None, [_error(
            request.text_path, "no-id",
            "the text names nobody the registries know, so no id can be proposed",
            "pass a short English slug: --id kim-jong-un-receives-lavrov")]
    return prefix + "-".join(chosen), []


def propose(request: Request, source: SourceText, registries: Registries
            ) -> tuple[Proposal | None, list[Diagnostic]]:
    """The sidecar for `source`, filled in as far as the registries know, or why not."""
    text = source.text
    decided: list[str] = []
    undecided: list[str] = []
    date, problems = _resolve_date(request, text, stated_date(text), decided, undecided)
    if date is None:
        return None, problems
    findings = find_registry(text, registries)
    id, id_problems = _resolve_id(request, date, findings, registries)
    problems.extend(id_problems)
    if id is None:
        return None, problems
    if request.id is None:
        undecided.append(f"id {id}: proposed from the first people named; it is the page's "
                         "URL forever, so choose now (pass --id to choose another)")
    language = text_language(text)
    if language:
        decided.append(f"language {language}: the text is written in Arabic script")
    else:
        undecided.append("language: the text is not in Arabic script")
    section = source.section_name
    if section:
        decided.append(f"source: publisher {KCNA_PUBLISHER} and section «{section}» from the "
                       "KCNA layout (first line '/ section')")
    participants = _grouped(findings, "participant")
    mentions = _grouped(findings, "mention")
    if participants or mentions:
        undecided.append("participants and mentions: every person found is listed as a "
                         "participant, every organisation as a mention; move any that only is "
                         "named, and remove any found by mistake")
    sidecar = _sidecar_yaml(date, language, section, participants, mentions,
                            _grouped(findings, "term"), registries)
    todo = ["summary: `ar` and `en`, three to five factual sentences each"]
    todo.extend(f"role of {id}: `ar` and `en`" for id in participants)
    if not language:
        todo.append("language: the text's language tag (e.g. en, ru)")
    if not section:
        todo.append("source: at least `publisher`")
    todo.append("topics (optional): " + (", ".join(t.id for t in registries.topics) or "none "
                                         "registered yet"))
    todo.append("notes (optional): anything a reader needs explained, quoting the text")
    return Proposal(id, date, sidecar, tuple(findings), tuple(decided), tuple(undecided),
                    tuple(todo)), problems


# ---------------------------------------------------------------------- sidecar YAML


def _sidecar_yaml(date: dt.date, language: str | None, section: str | None,
                  participants: dict[str, list[str]], mentions: dict[str, list[str]],
                  terms: dict[str, list[str]], registries: Registries) -> str:
    """The proposed sidecar, from templates/sidecar.yml.j2: ids with the forms or quotes
    the text has of them."""
    return templates().get_template("sidecar.yml.j2").render(
        date=date.isoformat(), language=language, section=section, publisher=KCNA_PUBLISHER,
        participants=list(participants.items()), mentions=list(mentions.items()),
        terms=list(terms.items()), topics=[topic.id for topic in registries.topics])


# ------------------------------------------------------------------------ the edge


@dataclass(frozen=True)
class Outcome:
    """What `new` did: the files it wrote, what it printed, and the problems."""

    proposal: Proposal | None
    written: tuple[str, ...]
    diagnostics: tuple[Diagnostic, ...]
    text_path: str = ""  # where the text now is
    text: str = ""

    @property
    def ok(self) -> bool:
        return not any(d.is_error for d in self.diagnostics)


def read_registries(collection: Path, root: Path) -> tuple[Registries | None, list[Diagnostic]]:
    """People, organisations, terms and topics, read and validated as `check` does."""
    files, problems = discover(collection, root)
    if not collection.is_dir():
        return None, problems
    files = dataclasses.replace(files, articles=())
    checking, found = prepare(files, read_files(files))
    diagnostics = list(outcome(found))
    if any(d.is_error for d in diagnostics):
        return None, diagnostics
    return checking.registries, diagnostics


def _article_place(source: Path, collection: Path) -> tuple[str | None, Path | None]:
    """The id and folder of a text already in collection/articles/YYYY/, if it is there."""
    try:
        inside = source.resolve().relative_to((collection / "articles").resolve())
    except ValueError:
        return None, None
    if len(inside.parts) == 2 and ARTICLE_ID_RULE.fullmatch(source.stem):
        return source.stem, source.resolve().parent
    return None, None


def new(root: Path, source: Path, request: Request) -> Outcome:
    """Copy `source` into the collection and write its proposed sidecar beside it."""
    collection = root / "collection"
    shown = relative(source.resolve(), root.resolve())
    request = dataclasses.replace(request, text_path=shown)
    try:
        data = source.read_bytes()
    except OSError as error:
        return Outcome(None, (), (_error(shown, "unreadable", f"cannot read file: "
                                         f"{error.strerror}", "check the path to the text"),))
    source_text, problems = read_text(shown, data)
    if source_text is None:
        return Outcome(None, (), tuple(problems))
    registries, registry_problems = read_registries(collection, root)
    if registries is None:
        return Outcome(None, (), tuple(registry_problems) or (_error(
            relative(collection, root), "registries", "the registries have errors",
            "run python -m build_tools check and fix them first"),))
    in_place_id, in_place_dir = _article_place(source, collection)
    if in_place_id and request.id is None:
        request = dataclasses.replace(request, id=in_place_id)
    proposal, problems = propose(request, source_text, registries)
    if proposal is None:
        return Outcome(None, (), tuple(problems))
    folder = collection / "articles" / f"{proposal.date.year:04d}"
    text_target, sidecar_target = folder / f"{proposal.id}.txt", folder / f"{proposal.id}.yml"
    copy_text = not (in_place_dir and text_target.resolve() == source.resolve())
    for target in ((text_target, sidecar_target) if copy_text else (sidecar_target,)):
        if target.exists():
            return Outcome(proposal, (), (*problems, _error(
                relative(target, root), "exists", "file already exists; new never overwrites",
                "choose another id with --id, or edit the existing file"),))
    if copy_text and (twin := _same_text(folder, data)) is not None:
        return Outcome(proposal, (), (*problems, _error(
            relative(twin, root), "text-exists",
            f"this text is in the collection already, as {twin.stem}",
            "one text has one id: to give it another, rename both of its files (mv "
            f"{relative(twin, root)} and its .yml) before the pull request is merged; to "
            "add a different text, check that you copied the right one"),))
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    if copy_text:
        with text_target.open("xb") as handle:  # "x": fail rather than overwrite
            handle.write(data)
        written.append(relative(text_target, root))
    with sidecar_target.open("x", encoding="utf-8", newline="\n") as handle:
        handle.write(proposal.sidecar)
    written.append(relative(sidecar_target, root))
    return Outcome(proposal, tuple(written), tuple(problems), relative(text_target, root),
                   source_text.text)


def _same_text(folder: Path, data: bytes) -> Path | None:
    """A text of `folder` (the year's articles) with exactly these bytes, if there is one:
    `new` run again with another --id would otherwise copy the same text twice."""
    if not folder.is_dir():
        return None
    for text in sorted(folder.glob("*.txt")):
        if text.stat().st_size == len(data) and text.read_bytes() == data:
            return text
    return None


def report(outcome: Outcome) -> str:
    """What a contributor reads after `new`: what was found, undecided, and still to write."""
    proposal = outcome.proposal
    if proposal is None or not outcome.written:
        return ""
    lines = [f"wrote {path}" for path in outcome.written]
    lines += ["", "filled in:"]
    lines += [f"  {line}" for line in proposal.decided]
    lines += ["", f"found in {outcome.text_path} (registry id: exact quote, at line:column):"]
    if not proposal.findings:
        lines.append("  nothing the registries know")
    for finding, count, first in _first_findings(proposal.findings):
        line, column = anchor.line_and_column(outcome.text, first.start)
        more = f" (and {count - 1} more)" if count > 1 else ""
        lines.append(f"  {finding.kind:<11} {finding.target}: «{finding.quote}» at "
                     f"{line}:{column}{more}")
    lines += ["", "could not decide (check these):"]
    lines += [f"  {line}" for line in proposal.undecided] or ["  nothing"]
    lines += ["", _unknown_names(proposal), f"  {ADD_COMMAND}",
              "  then list it in the sidecar (the command says how)"]
    sidecar = outcome.written[-1]
    lines += ["", f"still to write in {sidecar} (each is a `# TODO` there; check fails until "
              "the required ones are written):"]
    lines += [f"  {line}" for line in proposal.todo]
    lines += ["", "then run: python -m build_tools check   (and serve to preview)"]
    return "\n".join(lines)


ADD_COMMAND = ('python -m build_tools add person ID --name-ar "..." --name-en "..."   '
               "(or organisation, term, topic)")


def _unknown_names(proposal: Proposal) -> str:
    """The offer of `add` (stubs.py): `new` finds only the names the registries know."""
    if not any(f.kind in {"participant", "mention"} for f in proposal.findings):
        return ("nobody the registries know is named in the text: add the people and "
                "organisations it names to the registries with")
    return ("a person, organisation or term the text names is not listed above? the "
            "registries do not know it yet: add it with")


def _first_findings(findings: Sequence[Finding]) -> list[tuple[Finding, int, Span]]:
    """Each (kind, id, quote) once, with how often it occurs and where first."""
    seen: dict[tuple[str, str, str], tuple[Finding, int, Span]] = {}
    for finding in findings:
        key = (finding.kind, finding.target, finding.quote)
        first, count, span = seen.get(key, (finding, 0, finding.span))
        seen[key] = (first, count + 1, span)
    return list(seen.values())
