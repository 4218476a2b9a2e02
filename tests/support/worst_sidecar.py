"""The worst sidecar within the format's limits, on a text at the size limit.

`prepare(target)` writes, in `target` (a throwaway repository with the seed's registries),
a KCNA text of just under the 2 MiB limit made of the seed's paragraphs, and beside it a
sidecar that does the most work the limits allow: the most glossary quotes and notes, one
letter long (each found at every place the cap allows), quotes of the longest length,
mistyped so that each asks for a closest passage, and every participant with the most
forms, all missing. tests/test_limits.py checks it; benchmarks/worst_sidecar.py times it.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from build_tools.read import KCNA_INDENT, MAX_TEXT_BYTES, MAX_YAML_BYTES
from tests.support.synthetic import copy_site_sources

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "tests" / "fixtures" / "seed"
SEED_TEXT = SEED / "articles" / "2025" / "2025-07-12-kim-jong-un-receives-lavrov.txt"
ID = "2025-07-12-worst-sidecar"
# The schema's limits (build_tools/schemas/sidecar.schema.json).
GLOSSARY, NOTES, FORMS, QUOTE = 1000, 500, 20, 1000
LONG_QUOTES = 30  # mistyped quotes of QUOTE characters: more than get a closest passage


def worst_text() -> str:
    """A KCNA text just under MAX_TEXT_BYTES, of the seed's paragraphs, each numbered so
    that no two are alike."""
    lines = SEED_TEXT.read_text("utf-8").split("\n")
    head, paragraphs = lines[:2], [line[len(KCNA_INDENT):] for line in lines[2:]]
    body: list[str] = []
    size = len("\n".join(head).encode())
    number = 0
    while True:
        line = f"{KCNA_INDENT}{number} {paragraphs[number % len(paragraphs)]}"
        if size + len(line.encode()) + 1 > MAX_TEXT_BYTES:
            break
        body.append(line)
        size += len(line.encode()) + 1
        number += 1
    return "\n".join([*head, *body])


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _short_quotes(count: int) -> list[str]:
    """`count` distinct quotes of one and two Arabic letters: found at thousands of places."""
    letters = [chr(code) for code in range(0x627, 0x64B) if chr(code).isalpha()]
    quotes = letters + [a + b for a in letters for b in letters]
    return quotes[:count]


def worst_sidecar(text: str) -> str:
    """The sidecar that asks the most of anchoring and suggestions within the limits."""
    long_quotes = []
    for index in range(LONG_QUOTES):
        start = 1000 + index * 50_000
        passage = text[start:start + QUOTE].replace("\n", " ")
        long_quotes.append(passage[:QUOTE // 2] + "ـخطأـ" + passage[QUOTE // 2 + 5:])
    glossary = [f"  - term: strategic-dialogue\n    quote: {_q(q)}" for q in long_quotes]
    short = GLOSSARY - len(glossary)
    common = _short_quotes(short + NOTES)  # distinct: each is looked up
    glossary += [f"  - term: new-era\n    quote: {_q(q)}" for q in common[:short]]
    notes = [f"  - quote: {_q(q)}\n    prefix: \" \"\n    text:\n"
             f"      en: \"Note {n}.\"\n      ar: \"ملاحظة {n}.\""
             for n, q in enumerate(common[-NOTES:])]
    people = ["kim-jong-un", "sergey-lavrov", "andrei-rudenko", "alexander-matsegora",
              "vladimir-putin"]
    participants = [
        f"  - id: {person}\n    role:\n      en: \"Role\"\n      ar: \"دور\"\n    forms:\n"
        + "\n".join(f"      - \"{person}-{n} غير موجود\"" for n in range(FORMS))
        for person in people]
    return "\n".join([
        "# yaml-language-server: $schema=../../../build_tools/schemas/sidecar.schema.json",
        'date: "2025-07-12"', "language: ar", "source:", '  publisher: "Benchmark"',
        "summary:", '  en: "The worst sidecar."', '  ar: "أسوأ ملف حواش."',
        "participants:", *participants, "glossary:", *glossary, "notes:", *notes, ""])


def prepare(target: Path) -> Path:
    copy_site_sources(target)
    shutil.copytree(SEED, target / "collection")
    articles = target / "collection" / "articles" / "2025"
    text = worst_text()
    (articles / f"{ID}.txt").write_bytes(text.encode("utf-8"))
    sidecar = worst_sidecar(text).encode("utf-8")
    assert len(sidecar) <= MAX_YAML_BYTES, f"the sidecar is {len(sidecar):,} bytes"
    (articles / f"{ID}.yml").write_bytes(sidecar)
    return target
