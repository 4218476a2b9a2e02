"""References between files: every id a sidecar names is in a registry; no article id
is used twice."""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..diagnostics import Diagnostic, relative
from ..discover import ArticleFiles, CollectionFiles
from ..models import Registries
from ..read import YamlPath
from .problems import Problems
from .sidecar import Draft


def _suggest(wanted: str, known: Mapping[str, Any]) -> str:
    close = difflib.get_close_matches(wanted, list(known), n=1, cutoff=0.5)
    if not close:
        close = [key for key in sorted(known) if wanted in key.split("-")][:1]
    return f"did you mean `{close[0]}`?" if close else ""


def check_references(draft: Draft, registries: Registries, present: Mapping[str, set[str]],
                     problems: Problems) -> None:
    record, parts = draft.record, draft.parts
    entities, terms, topics = registries.entity, registries.term, registries.topic
    kinds: tuple[tuple[str, list[tuple[int, str]], Mapping[str, Any], str], ...] = (
        ("participants", [(i, p.entity) for i, p in parts.participants], entities, "people"),
        ("mentions", [(i, m.entity) for i, m in parts.mentions], entities, "people"),
        ("glossary", [(i, g.term) for i, g in parts.glossary if g.term], terms, "glossary"),
        ("topics", list(parts.topics), topics, "topics"))
    for field, ids, known, folder in kinds:
        for index, wanted in ids:
            path: YamlPath = (field, index) if field == "topics" else (
                field, index, "term" if field == "glossary" else "id")
            # A registry file with errors of its own is reported there, not at each use.
            if wanted not in known and wanted not in present[folder]:
                hint = _suggest(wanted, known) or (
                    f"add collection/{folder}/{wanted}.yml, or use an existing id")
                problems.add(record, path, "unknown-reference",
                             f"no {folder} entry `{wanted}` (collection/{folder}/{wanted}.yml)",
                             hint)
    seen: set[str] = set()
    for field, entity in [("participants", p) for p in parts.participants] + [
            ("mentions", m) for m in parts.mentions]:
        index, id = entity[0], entity[1].entity
        if id in seen:
            problems.add(record, (field, index, "id"), "duplicate-participant",
                         f"`{id}` is listed twice among participants and mentions",
                         "list each person or organisation once; give a participant all their "
                         "roles in one `role` text")
        seen.add(id)


def check_duplicate_ids(files: CollectionFiles, root: Path, problems: Problems) -> None:
    by_id: dict[str, list[ArticleFiles]] = defaultdict(list)
    for article in files.articles:
        by_id[article.id].append(article)
    for id, group in sorted(by_id.items()):
        for later in group[1:]:
            problems.extend([Diagnostic(
                relative(later.sidecar, root), 1, 1, "duplicate-id",
                f"article id `{id}` is also used by {relative(group[0].sidecar, root)}",
                "ids are URLs and must be unique: add a word to one file name")])
