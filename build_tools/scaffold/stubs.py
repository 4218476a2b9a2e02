"""Registry stubs: `add person|organisation|term|topic ID` writes a new registry file.

The file is the registries' own format, from a template in templates/registry/, with the
names given on the command line filled in. What only a person can write (a description,
a definition, the names if none was given) is left out, with a `# TODO` comment where it
belongs: as for the sidecars `new` writes, `check` then fails with "missing required
field" until it is written.

It refuses an id that is not one, or that the registry has already; it warns when the
registry already knows an id or a name much like the new one (the same person, spelt
otherwise?), and writes the file all the same.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .. import arabic
from ..diagnostics import Diagnostic, Severity, relative
from ..read import read_yaml
from ..validate import ID_RULE
from .templating import templates


@dataclass(frozen=True)
class Kind:
    """One kind of registry entry: where its files are, and what a contributor writes."""

    name: str  # as the command names it
    folder: str  # under collection/
    template: str  # in templates/registry/
    todo: tuple[str, ...]  # what a person must write, besides any names not given
    optional: tuple[str, ...]  # what a person may add
    listed_as: str  # how a sidecar lists it
    # Whether the file has a field whatever is given (`kind`): without one, a stub with
    # no name given would be comments alone, which check calls no document at all.
    keyed: bool = False


_DESCRIPTION = "description: `en` and `ar`, one or two sentences each, true as of today"
_ALIASES = "aliases: the other spellings a text may use (they are what links and search match)"
_AS_ENTITY = "participants: - id: {id} (with its role), or mentions: - id: {id}"
KINDS = {kind.name: kind for kind in (
    Kind("person", "people", "entity.yml.j2", (_DESCRIPTION,), (_ALIASES,), _AS_ENTITY, True),
    Kind("organisation", "people", "entity.yml.j2", (_DESCRIPTION,), (_ALIASES,), _AS_ENTITY,
         True),
    Kind("term", "glossary", "term.yml.j2",
         ("definition: `en` and `ar`, one or two short, neutral sentences each",), (_ALIASES,),
         "glossary: - term: {id} with the exact quote it links"),
    Kind("topic", "topics", "topic.yml.j2", (), ("description: what the topic covers",),
         "topics: - {id}"),
)}
LANGUAGES = ("en", "ar")  # the names a stub asks for, in the order registry files give them


@dataclass(frozen=True)
class Request:
    """What the contributor asked for: a kind of entry, its id, its names if known."""

    kind: str  # a key of KINDS
    id: str
    names: tuple[tuple[str, str], ...] = ()  # (language, name) as given


@dataclass(frozen=True)
class Outcome:
    """What `add` did: the file it wrote (or none), and why not or what to look at."""

    written: str | None
    diagnostics: tuple[Diagnostic, ...]
    todo: tuple[str, ...] = ()
    optional: tuple[str, ...] = ()
    listed_as: str = ""


def stub(request: Request) -> str:
    """The new registry file's text."""
    kind = KINDS[request.kind]
    given = dict(request.names)
    names = [(language, given[language]) for language in LANGUAGES if language in given]
    return templates().get_template(kind.template).render(
        kind=request.kind, names=names,
        missing=[language for language in LANGUAGES if language not in given] if names else [])


def todo(request: Request) -> tuple[str, ...]:
    """What a person must still write in the stub, for `add`'s report."""
    names = () if request.names else ("names: `en` and `ar`, as each language writes it",)
    return (*names, *KINDS[request.kind].todo)


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def _refusals(request: Request, shown: str, target: Path) -> list[Diagnostic]:
    kind = KINDS[request.kind]
    if not ID_RULE.fullmatch(request.id):
        example = _slug(request.id) or _slug(dict(request.names).get("en", "")) or "a-name"
        return [Diagnostic(
            shown, 1, 1, "bad-id", f"`{request.id}` is not a valid id",
            "an id uses lowercase ASCII letters, digits and single hyphens (it is the "
            f"page's URL, forever): e.g. python -m build_tools add {kind.name} {example}")]
    if target.exists():
        return [Diagnostic(
            shown, 1, 1, "exists", f"the registry already has `{request.id}`; add never "
                                   "overwrites",
            f"edit {shown} if it is the same {kind.name}; if not, choose an id that tells "
            "them apart (add a given name, a country or a year)")]
    if not request.names and not kind.keyed:
        return [Diagnostic(
            shown, 1, 1, "no-name", f"a {kind.name} needs its name to start the file",
            f'pass it: python -m build_tools add {kind.name} {request.id} --name-en "..." '
            '--name-ar "..."')]
    blank = [language for language, name in request.names if not name.strip()]
    return [Diagnostic(shown, 1, 1, "empty-name", f"the `{language}` name is empty",
                       f'write the name in quotes: --name-{language} "..."')
            for language in blank]


@dataclass(frozen=True)
class _Entry:
    """What a registry file already there says of its entry: its id and its names."""

    id: str
    path: str
    forms: tuple[str, ...]  # names and aliases


def _entries(folder: Path, root: Path) -> list[_Entry]:
    """The entries of one registry folder, read leniently: a file with errors (another
    stub not filled in yet) still says what names it has."""
    entries = []
    for path in sorted(folder.glob("*.yml")):
        shown = relative(path, root)
        try:
            record, _problems = read_yaml(shown, path.read_bytes())
        except OSError:
            continue  # check says what is wrong with it
        value = record.value if record is not None and isinstance(record.value, dict) else {}
        names, aliases = value.get("names"), value.get("aliases")
        forms = [*(names.values() if isinstance(names, dict) else ()),
                 *(aliases if isinstance(aliases, list) else ())]
        entries.append(_Entry(path.stem, shown, tuple(f for f in forms if isinstance(f, str))))
    return entries


def _look_alikes(request: Request, shown: str, entries: Sequence[_Entry]) -> list[Diagnostic]:
    """Warnings: entries the new one may duplicate, by an id or a name much like its own."""
    by_id = {entry.id: entry for entry in entries}
    same = "if it is the same, list that id in the sidecar and delete the new file"
    problems = [Diagnostic(shown, 1, 1, "similar-id",
                           f"the registry has `{close}` ({by_id[close].path})", same,
                           Severity.WARNING)
                for close in difflib.get_close_matches(request.id, list(by_id), n=3,
                                                       cutoff=0.8)]
    for language, name in request.names:
        wanted = arabic.fold(name.strip())
        problems.extend(Diagnostic(
            shown, 1, 1, "known-name", f"«{name}» (--name-{language}) is already a name of "
                                       f"`{entry.id}` ({entry.path})", same, Severity.WARNING)
            for entry in entries if any(arabic.fold(form) == wanted for form in entry.forms))
    return problems


def add(root: Path, request: Request) -> Outcome:
    """Write the stub of `request` into the collection, unless it is refused."""
    kind = KINDS[request.kind]
    target = root / "collection" / kind.folder / f"{request.id}.yml"
    shown = relative(target, root) if ID_RULE.fullmatch(request.id) else \
        f"collection/{kind.folder}/{request.id}.yml"
    refused = _refusals(request, shown, target)
    if refused:
        return Outcome(None, tuple(refused))
    warnings = _look_alikes(request, shown, _entries(target.parent, root))
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("x", encoding="utf-8", newline="\n") as handle:  # "x": never overwrite
        handle.write(stub(request))
    return Outcome(shown, tuple(warnings), todo(request), kind.optional,
                   kind.listed_as.format(id=request.id))


def report(outcome: Outcome) -> str:
    """What a contributor reads after `add`: what to write, and where to list the entry."""
    if outcome.written is None:
        return ""
    lines = [f"wrote {outcome.written}", ""]
    if outcome.todo:
        lines.append(f"still to write in {outcome.written} (each is a `# TODO` there; check "
                     "fails until they are written):")
        lines += [f"  {line}" for line in outcome.todo]
        lines.append("")
    lines.append("you may add (optional):")
    lines += [f"  {line}" for line in outcome.optional]
    lines.append("")
    lines.append(f"then list it in the article's sidecar: {outcome.listed_as}")
    lines.append("and run: python -m build_tools check")
    return "\n".join(lines)
