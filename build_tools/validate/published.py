"""What a change does to the published collection: the collection at a base commit (git)
against the working tree.

URLs and paragraph anchors are cited, so a published text never changes and an id never
disappears: `check --base REF` says so when a change breaks that rule, and `changes --base
REF` lists what a pull request adds, modifies and removes, for its summary.

Comparing two listings of files (path -> git object id) is pure. git is only read, through
a few commands that write nothing (`rev-parse`, `ls-tree`, `cat-file`, and `hash-object`
without `-w`): the work tree and the repository are never touched.
"""

from __future__ import annotations

import contextlib
import enum
import os
import posixpath
import shutil
import subprocess
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from ..collate import entity_path, page_url, term_path, topic_path
from ..diagnostics import Diagnostic, Severity, one_line
from ..read import read_text, read_yaml
from ..render import render_changes

Files = Mapping[str, str]  # repository-relative path -> git object id of the file's bytes

ALLOW_FLAG = "--allow-published-changes"
ALLOW_LABEL = "allow-published-changes"  # the pull-request label CI turns into ALLOW_FLAG


class Kind(enum.StrEnum):
    """What a collection file belongs to: the folder's name under collection/."""

    ARTICLE = "articles"
    ENTITY = "people"
    TERM = "glossary"
    TOPIC = "topics"


KINDS = tuple(Kind)
NOUN = {Kind.ARTICLE: "article", Kind.ENTITY: "person or organisation",
        Kind.TERM: "glossary term", Kind.TOPIC: "topic"}
HEADING = {Kind.ARTICLE: "Articles", Kind.ENTITY: "People and organisations",
           Kind.TERM: "Glossary terms", Kind.TOPIC: "Topics"}
_REGISTRY_PAGE = {Kind.ENTITY: entity_path, Kind.TERM: term_path, Kind.TOPIC: topic_path}


class Status(enum.StrEnum):
    ADDED = "added"
    MODIFIED = "modified"
    REMOVED = "removed"


@dataclass(frozen=True)
class Change:
    """An article or registry entry that the working tree adds, modifies or removes."""

    kind: Kind
    id: str
    stem: str  # its files' path without suffix, e.g. collection/people/sergey-lavrov
    status: Status
    paths: tuple[str, ...]  # those of its files that differ, sorted

    @property
    def page(self) -> str:
        """Where the site publishes it, e.g. `articles/2025/<id>/`: an article's folder is
        its year (check says so otherwise), as collate.article_path puts it."""
        if self.kind is Kind.ARTICLE:
            return page_url(self.stem.removeprefix("collection/") + ".md")
        return page_url(_REGISTRY_PAGE[self.kind](self.id))

    @property
    def text(self) -> str:
        """An article's text file (the other is its sidecar)."""
        return f"{self.stem}.txt"


def entry(path: str) -> tuple[Kind, str] | None:
    """The kind and stem of a collection file that publishes something, else None: an
    article's text or sidecar (collection/articles/**/<id>.txt|.yml) or a registry file
    (collection/people|glossary|topics/<id>.yml)."""
    parts = path.split("/")  # strings, not Paths: this sees every file of the collection
    if len(parts) < 3 or parts[0] != "collection":
        return None
    stem, suffix = posixpath.splitext(path)
    if parts[1] == "articles" and suffix in (".txt", ".yml"):
        return Kind.ARTICLE, stem
    if parts[1] in ("people", "glossary", "topics") and len(parts) == 3 and suffix == ".yml":
        return Kind(parts[1]), stem
    return None


def compare(base: Files, work: Files) -> tuple[Change, ...]:
    """Every article and registry entry whose files differ between the two listings."""
    files: dict[tuple[Kind, str], list[str]] = defaultdict(list)
    for path in base.keys() | work.keys():
        if (found := entry(path)) is not None:
            files[found].append(path)
    changes = []
    for (kind, stem), paths in files.items():
        differing = tuple(sorted(p for p in paths if base.get(p) != work.get(p)))
        if not differing:
            continue
        status = (Status.ADDED if not any(p in base for p in paths)
                  else Status.REMOVED if not any(p in work for p in paths)
                  else Status.MODIFIED)
        changes.append(Change(kind, posixpath.basename(stem), stem, status, differing))
    return tuple(sorted(changes, key=lambda c: (KINDS.index(c.kind), c.id, c.stem)))


# ------------------------------------------------------------------ what stays put


class Breach(enum.StrEnum):
    """How a change breaks the rule that what is published stays put (the codes)."""

    TEXT_CHANGED = "published-text-changed"
    TEXT_REMOVED = "published-text-removed"
    ID_RENAMED = "published-id-renamed"
    ID_REMOVED = "published-id-removed"


@dataclass(frozen=True)
class Finding:
    breach: Breach
    change: Change
    path: str  # the published file the finding is about
    restore: tuple[str, ...]  # the published files the working tree no longer has
    renamed_to: Change | None = None


def findings(changes: Iterable[Change], base: Files, work: Files) -> tuple[Finding, ...]:
    """What the changes do to published texts and ids."""
    changes = tuple(changes)
    arrived = _arrived(changes, work)
    return tuple(f for c in changes if (f := _finding(c, base, work, arrived)) is not None)


def _published_file(change: Change) -> str:
    """The file whose bytes say what an article or entry is: a text, or a registry file."""
    return change.text if change.kind is Kind.ARTICLE else f"{change.stem}.yml"


def _arrived(changes: Iterable[Change], work: Files) -> dict[tuple[Kind, str], Change]:
    """What is added, by its kind and the object id of its published file: a file gone while
    an added one has exactly its bytes was renamed (as `git mv` does)."""
    arrived: dict[tuple[Kind, str], Change] = {}
    for change in changes:
        if change.status is Status.ADDED and _published_file(change) in work:
            arrived.setdefault((change.kind, work[_published_file(change)]), change)
    return arrived


def _finding(change: Change, base: Files, work: Files,
             arrived: Mapping[tuple[Kind, str], Change]) -> Finding | None:
    file = _published_file(change)
    if file not in base or file not in change.paths:
        return None  # new, or an annotation corrected (a sidecar or registry file edited)
    if file in work:
        # An edited registry file is a correction; an edited text is a changed source.
        return (Finding(Breach.TEXT_CHANGED, change, file, ())
                if change.kind is Kind.ARTICLE else None)
    restore = tuple(p for p in change.paths if p in base and p not in work)
    renamed_to = arrived.get((change.kind, base[file]))
    breach = (Breach.ID_RENAMED if renamed_to
              else Breach.TEXT_REMOVED if change.status is Status.MODIFIED
              else Breach.ID_REMOVED)
    return Finding(breach, change, file, restore, renamed_to)


def first_difference(old: bytes, new: bytes) -> tuple[int, int]:
    """(line, column) of the first character where `new` differs from `old`, counted in
    characters as editors count them (the offset is moved back to the start of a UTF-8
    sequence it may fall inside)."""
    offset = next((i for i, (a, b) in enumerate(zip(old, new, strict=False)) if a != b),
                  min(len(old), len(new)))
    while 0 < offset < len(old) and old[offset] & 0xC0 == 0x80:  # a continuation byte
        offset -= 1
    line_start = old.rfind(b"\n", 0, offset) + 1
    column = len(old[line_start:offset].decode("utf-8", errors="replace")) + 1
    return old.count(b"\n", 0, offset) + 1, column


def diagnostic(finding: Finding, ref: str, allowed: bool,
               position: tuple[int, int] = (1, 1)) -> Diagnostic:
    """The finding as a contributor reads it: what happened, and what to do instead."""
    files = " ".join(finding.restore or (finding.path,))  # what to check out to undo it
    message, hints = _wording(finding, f"git checkout {ref} -- {files}")
    hints.append(f"allowed by {ALLOW_FLAG}: a warning, not an error" if allowed else
                 f"a maintainer who means it can allow it: {ALLOW_FLAG} (in a pull request, "
                 f"the `{ALLOW_LABEL}` label)")
    line, column = position
    return Diagnostic(finding.path, line, column, finding.breach.value, message,
                      "\n".join(hints), Severity.WARNING if allowed else Severity.ERROR)


def _wording(finding: Finding, checkout: str) -> tuple[str, list[str]]:
    change, new = finding.change, finding.renamed_to
    if finding.breach is Breach.TEXT_CHANGED:
        return (f"the published text of article `{change.id}` is changed",
                [f"a published text never changes (its paragraphs are cited by their "
                 f"anchors): restore it with {checkout}",
                 "to correct the text, leave it as published and add an editorial note to "
                 "the sidecar (`notes:`, anchored to a quote)"])
    if finding.breach is Breach.TEXT_REMOVED:
        return (f"the published text of article `{change.id}` is deleted",
                [f"a published article stays (its URL {change.page} is cited): restore the "
                 f"text with {checkout}"])
    if finding.breach is Breach.ID_REMOVED or new is None:
        return (f"published {NOUN[change.kind]} `{change.id}` is removed",
                [f"an id is a URL people cite ({change.page}) and stays: restore it with "
                 f"{checkout}"])
    references = ("" if change.kind is Kind.ARTICLE
                  else f", naming `{change.id}` where `{new.id}` is used")
    # Moved to another year's folder, the id is the same but not the URL.
    renamed = f"moved to {new.text}" if new.id == change.id else f"renamed to `{new.id}`"
    return (f"published {NOUN[change.kind]} `{change.id}` is {renamed}",
            [f"an id is a URL people cite ({change.page}) and never changes: keep "
             f"`{change.id}` ({checkout}) and remove {' '.join(new.paths)}{references}",
             "(a page cannot yet redirect from an old id to a new one)"])


# ------------------------------------------------------------------ the summary


@dataclass(frozen=True)
class Row:
    """One line of the summary: a change as a reviewer reads it."""

    status: Status
    id: str
    title: str  # "" where the working tree has none
    page: str
    files: tuple[str, ...]  # file names
    breach: str  # what it does to what is published, "" if nothing


@dataclass(frozen=True)
class Section:
    heading: str
    counts: str  # e.g. "1 added, 2 modified"
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class Summary:
    base: str  # as the user named it, "" when that was the commit itself (as in CI)
    commit: str  # abbreviated
    sections: tuple[Section, ...]


_BREACH = {Breach.TEXT_CHANGED: "published text changed",
           Breach.TEXT_REMOVED: "published text deleted",
           Breach.ID_RENAMED: "published id renamed", Breach.ID_REMOVED: "published id removed"}


def summarise(base: str, commit: str, changes: Iterable[Change], found: Iterable[Finding],
              titles: Mapping[str, str]) -> Summary:
    """The summary's view: per kind, each change with its page and title (by stem)."""
    breaches = {f.change.stem: _BREACH[f.breach] for f in found}
    rows: dict[Kind, list[Row]] = defaultdict(list)
    for change in changes:
        rows[change.kind].append(Row(
            change.status, change.id, titles.get(change.stem, ""), change.page,
            tuple(PurePosixPath(p).name for p in change.paths), breaches.get(change.stem, "")))
    sections = []
    for kind in KINDS:
        if kind_rows := rows.get(kind):
            counts = ", ".join(f"{n} {status}" for status in Status
                               if (n := sum(r.status is status for r in kind_rows)))
            sections.append(Section(HEADING[kind], counts, tuple(kind_rows)))
    named = "" if commit.startswith(base) or base.startswith(commit) else base
    return Summary(named, commit, tuple(sections))


def _names(value: Any, language: str) -> str:
    """A registry entry's name in the site's language, then English, as one line."""
    names = value.get("names") if isinstance(value, dict) else None
    if not isinstance(names, dict):
        return ""
    shown = dict.fromkeys(str(names[tag]) for tag in (language, "en")
                          if isinstance(names.get(tag), str))
    return " / ".join(shown) or next((v for v in names.values() if isinstance(v, str)), "")


def title(root: Path, change: Change, language: str) -> str:
    """An article's title line or an entry's name, as the working tree has it, or ""."""
    file = _published_file(change)
    try:
        data = (root / file).read_bytes()
    except OSError:
        return ""  # removed, or unreadable: check says why
    if change.kind is Kind.ARTICLE:
        source, _problems = read_text(file, data)
        return one_line(source.title.text.strip()) if source else ""
    record, _problems = read_yaml(file, data)
    return one_line(_names(record.value, language)) if record else ""


# ------------------------------------------------------------------ git, thinly


class GitError(Exception):
    """git could not give what --base needs; `diagnostic` says why and what to do."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


def _problem(code: str, message: str, hint: str) -> GitError:
    return GitError(Diagnostic(".", 1, 1, code, message, hint))


# Never a prompt, never a lock file: this only reads.
_ENV = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "GIT_OPTIONAL_LOCKS": "0"}


def _git(root: Path, *args: str, stdin: bytes | None = None) -> bytes:
    try:
        result = subprocess.run(["git", *args], cwd=root, input=stdin, capture_output=True,
                                env=_ENV, check=False, timeout=600)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise _problem("git-failed", f"git {args[0]} could not run: {error}",
                       "check that git works in this folder (git status)") from None
    if result.returncode != 0:
        raise _Failed(result.stderr.decode("utf-8", errors="replace").strip())
    return result.stdout


class _Failed(Exception):
    """git ran and said no: the caller words it."""


def resolve(root: Path, ref: str) -> str:
    """The commit `ref` names, in the git checkout at `root`."""
    if shutil.which("git") is None:
        raise _problem("git-missing", "git is not installed (or not on PATH): --base reads "
                       "the base commit with it", "install git (e.g. apt-get install git), "
                       "or run check without --base")
    try:
        _git(root, "rev-parse", "--is-inside-work-tree")
    except _Failed as failed:
        said = one_line(failed.args[0].splitlines()[-1] if failed.args[0] else "")
        raise _problem("not-a-checkout", f"{root} is not a git checkout, so --base has "
                       f"nothing to compare with (git: {said})",
                       "run it in a clone of the repository (git clone …), or without "
                       "--base; if git says 'dubious ownership': git config --global --add "
                       f"safe.directory {root}") from None
    try:
        return _git(root, "rev-parse", "--verify", "--quiet", "--end-of-options",
                    f"{ref}^{{commit}}").decode().strip()
    except _Failed:
        raise _problem("unknown-base", f"`{ref}` is not a commit of this repository",
                       "give a branch, a tag or a commit (e.g. --base origin/main); a shallow "
                       "clone may lack it: git fetch origin main (in a workflow, "
                       "actions/checkout with fetch-depth: 0)") from None


def base_files(root: Path, commit: str) -> dict[str, str]:
    """The collection's files at `commit`, relative to `root`, with their object ids."""
    try:
        listing = _git(root, "ls-tree", "-r", "-z", commit, "--", "collection")
    except _Failed as failed:
        raise _problem("git-failed", f"git ls-tree {commit} failed: {one_line(failed.args[0])}",
                       "check that git works in this folder (git status)") from None
    files = {}
    for record in filter(None, listing.split(b"\0")):
        info, _tab, name = record.partition(b"\t")
        mode, kind, object_id = info.decode().split()
        if kind == "blob" and mode in ("100644", "100755"):  # not links, not submodules
            files[os.fsdecode(name)] = object_id
    return files


def work_files(root: Path) -> dict[str, str]:
    """The working tree's collection files that publish something, with the object ids
    git would give their bytes as they are (no line-ending filters: byte for byte)."""
    paths = []
    for folder, _dirs, names in os.walk(root / "collection"):
        inside = Path(folder).relative_to(root).as_posix()
        for name in names:
            relative = f"{inside}/{name}"
            if (entry(relative) and "\n" not in relative
                    and not os.path.islink(os.path.join(folder, name))):
                paths.append(relative)
    if not paths:
        return {}
    try:
        ids = _git(root, "hash-object", "--no-filters", "--stdin-paths",
                   stdin="\n".join(paths).encode()).decode().split()
    except _Failed as failed:
        raise _problem("git-failed", f"git hash-object failed: {one_line(failed.args[0])}",
                       "check that every file in collection/ can be read") from None
    return dict(zip(paths, ids, strict=True))


def _published_bytes(root: Path, object_id: str) -> bytes:
    try:
        return _git(root, "cat-file", "blob", object_id)
    except _Failed:
        return b""


@dataclass(frozen=True)
class Comparison:
    """The collection at a base commit against the working tree."""

    ref: str
    commit: str
    base: Files
    work: Files
    changes: tuple[Change, ...]
    findings: tuple[Finding, ...]


def comparison(root: Path, ref: str) -> Comparison:
    """Read both sides and compare them; raises GitError."""
    commit = resolve(root, ref)
    base, work = base_files(root, commit), work_files(root)
    changes = compare(base, work)
    return Comparison(ref, commit, base, work, changes, findings(changes, base, work))


def check(root: Path, ref: str, allowed: bool) -> list[Diagnostic]:
    """`check --base REF`: each published text changed and each published id gone."""
    try:
        compared = comparison(root, ref)
    except GitError as error:
        return [error.diagnostic]
    problems = []
    for finding in compared.findings:
        position = (1, 1)
        if finding.breach is Breach.TEXT_CHANGED:
            with contextlib.suppress(OSError):  # unreadable now: the start of the file
                position = first_difference(
                    _published_bytes(root, compared.base[finding.path]),
                    (root / finding.path).read_bytes())
        problems.append(diagnostic(finding, ref, allowed, position))
    return problems


def changes(root: Path, ref: str, language: str) -> tuple[str, list[Diagnostic]]:
    """`changes --base REF`: the summary as Markdown, or why there is none."""
    try:
        compared = comparison(root, ref)
    except GitError as error:
        return "", [error.diagnostic]
    titles = {c.stem: title(root, c, language) for c in compared.changes
              if c.status is not Status.REMOVED}
    summary = summarise(ref, compared.commit[:12], compared.changes, compared.findings, titles)
    return render_changes(summary), []

