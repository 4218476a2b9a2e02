"""Contributions as strangers make them: correct articles and accepted edits, for any collection.

`add_articles` writes articles the way CONTRIBUTING.md asks for them (a text in the KCNA
layout, its sidecar, and registry entries for the new person, term and topic it names), each
naming up to two people or organisations the registries already know. `edit_sidecars` makes
edits that `check` accepts to every sidecar. Neither assumes anything of what the collection
holds, so tests of the live collection can prove they hold for whatever a pull request adds.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from ruamel.yaml import YAML

from build_tools.read import KCNA_INDENT

# Invented names and phrases, so they meet no word of a real text or registry.
NEW_PEOPLE = (("تاليا موريني", "Talia Morini"), ("كاسبر ليندال", "Kasper Lindahl"),
              ("إيفار سولهايمر", "Ivar Solheimer"), ("ميرا دوفانيك", "Mira Dovanik"))
NEW_TERMS = (("الممر الثقافي المشترك", "Shared cultural corridor"),
             ("مبادرة الجسور الخضراء", "Green bridges initiative"),
             ("منتدى الشباب الإقليمي", "Regional youth forum"),
             ("برنامج التبادل الأكاديمي", "Academic exchange programme"))
TOPIC = "contributed-test-topic"


@dataclass(frozen=True)
class Known:
    """A registry entry the new article names: its id and its Arabic name."""

    id: str
    name: str


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is a subset of it)."""
    return json.dumps(text, ensure_ascii=False)


def _known_entities(collection: Path, count: int) -> list[Known]:
    yaml = YAML(typ="safe", pure=True)
    known = []
    for path in sorted((collection / "people").glob("*.yml")):
        names = (yaml.load(path.read_text("utf-8")) or {}).get("names") or {}
        if isinstance(names.get("ar"), str):
            known.append(Known(path.stem, names["ar"]))
    return known[:count]


def _write(path: Path, lines: list[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", "utf-8")


def _registry_entries(collection: Path, number: int) -> tuple[str, str, str, str]:
    """Write the number-th new person and term (and the shared topic); their ids and names."""
    person_ar, person_en = NEW_PEOPLE[number % len(NEW_PEOPLE)]
    term_ar, term_en = NEW_TERMS[number % len(NEW_TERMS)]
    person, term = f"contributed-person-{number}", f"contributed-term-{number}"
    _write(collection / "people" / f"{person}.yml", [
        "# yaml-language-server: $schema=../../build_tools/schemas/entity.schema.json",
        "kind: person", "names:", f"  en: {_q(person_en)}", f"  ar: {_q(person_ar)}",
        "description:", f"  en: {_q(f'{person_en}, an invented person.')}",
        f"  ar: {_q(f'{person_ar}، شخص مختلق.')}"])
    _write(collection / "glossary" / f"{term}.yml", [
        "# yaml-language-server: $schema=../../build_tools/schemas/term.schema.json",
        "names:", f"  en: {_q(term_en)}", f"  ar: {_q(term_ar)}",
        "definition:", f"  en: {_q(f'{term_en}: an invented term.')}",
        f"  ar: {_q(f'{term_ar}: مصطلح مختلق.')}"])
    _write(collection / "topics" / f"{TOPIC}.yml", [
        "# yaml-language-server: $schema=../../build_tools/schemas/topic.schema.json",
        "names:", '  en: "Contributed articles"', '  ar: "مقالات مساهمة"',
        "description:", '  en: "Articles added by the tests."',
        '  ar: "مقالات أضافتها الاختبارات."'])
    return person, person_ar, term, term_ar


def add_articles(collection: Path, count: int, first: dt.date = dt.date(2031, 3, 1)
                 ) -> list[str]:
    """Add `count` correct articles (one a day from `first`) to `collection`; their ids."""
    known = _known_entities(collection, 2)
    ids = []
    for number in range(count):
        date = first + dt.timedelta(days=number)
        person, person_ar, term, term_ar = _registry_entries(collection, number)
        guests = "".join(f" ومعه كذلك {k.name}" for k in known)
        text = "\n".join([
            "/ أخبار",
            f"التقى {person_ar} وفدا زائرا",
            f"{KCNA_INDENT}في يوم {date.day}، التقى {person_ar} وفدا زائرا{guests}، "
            f"وبحث معهم {term_ar}.",
            f"{KCNA_INDENT}وأكد الجانبان أن {term_ar} يفتح آفاقا جديدة للتعاون."])
        article = f"{date.isoformat()}-contributed-article-{number}"
        folder = collection / "articles" / str(date.year)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{article}.txt").write_bytes(text.encode("utf-8"))  # no final newline
        participants = [f"  - id: {person}", "    role:", '      en: "Host"',
                        '      ar: "المضيف"']
        for entity in known:
            participants += [f"  - id: {entity.id}", "    role:", '      en: "Guest"',
                             '      ar: "ضيف"']
        _write(folder / f"{article}.yml", [
            "# yaml-language-server: $schema=../../../build_tools/schemas/sidecar.schema.json",
            f'date: "{date.isoformat()}"', "language: ar", "source:",
            '  publisher: "Test publisher"', '  section: "أخبار"', "summary:",
            f"  en: {_q(f'An invented meeting, number {number}.')}",
            f"  ar: {_q(f'لقاء مختلق رقم {number}.')}",
            "participants:", *participants,
            "glossary:", f"  - term: {term}", f"    quote: {_q(term_ar)}",
            "notes:", f"  - quote: {_q('آفاقا جديدة')}", "    text:",
            '      en: "An invented note."', '      ar: "ملاحظة مختلقة."',
            "topics:", f"  - {TOPIC}"])
        ids.append(article)
    return ids


def edit_sidecars(collection: Path) -> int:
    """Edit every sidecar in ways `check` accepts; how many were edited.

    The summary is reworded, the participants' order reversed, the mentions dropped and
    every note but the first removed: all of it editorial, none of it a quote."""
    yaml = YAML()
    yaml.width = 4096
    sidecars = sorted((collection / "articles").glob("*/*.yml"))
    for path in sidecars:
        sidecar = yaml.load(path.read_text("utf-8"))
        for language in sidecar["summary"]:
            sidecar["summary"][language] += " (edited)" if language == "en" else " (مُعدَّل)"
        sidecar["participants"].reverse()
        sidecar.pop("mentions", None)
        if sidecar.get("notes"):
            del sidecar["notes"][1:]
        with path.open("w", encoding="utf-8") as stream:
            yaml.dump(sidecar, stream)
    return len(sidecars)
