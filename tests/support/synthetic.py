"""A synthetic collection in the real format, for scale tests, golden pages and benchmarks.

`write_collection(out, articles, seed)` writes `out/collection/` (articles, people,
glossary, topics) and `copy_site_sources(out)` the site sources a build needs beside it
(mkdocs.yml, overrides/, docs/about/, docs/assets/stylesheets/ and scripts/), so
`python -m build_tools --root OUT_DIR build` works; benchmarks/synthetic.py is the
command line. The same seed gives the same bytes, and article i is the same whatever N is
(each article has its own random stream), so a small collection is a prefix of a large one.

Articles are KCNA-shaped: a "/ section" line, a title, paragraphs indented by NBSP NBSP
space, no final newline, about 800 words of clauses recombined from the seed article. Each
participant's Arabic name, each glossary quote and each note quote is written into the
text, so every annotation anchors. People and terms are drawn with Zipf weights: a few
appear in most articles (the long lists pagination is for), most in a handful.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SEED_TEXT = ROOT / "tests/fixtures/seed/articles/2025/2025-07-12-kim-jong-un-receives-lavrov.txt"
# What a repository needs besides its collection to build a site (as tests/conftest.py).
SITE_SOURCES = ("mkdocs.yml", "overrides", "docs/about", "docs/assets/stylesheets",
                "docs/assets/scripts")
MARKER = ".synthetic-collection"
KCNA_INDENT = "\u00a0\u00a0 "
FIRST_DAY, LAST_DAY = dt.date(2019, 1, 1), dt.date(2025, 12, 31)

GIVEN = (("محمد", "Mohammed"), ("أحمد", "Ahmed"), ("حسن", "Hassan"), ("خالد", "Khaled"),
         ("سامي", "Sami"), ("كريم", "Karim"), ("عمر", "Omar"), ("يوسف", "Youssef"),
         ("طارق", "Tarek"), ("نبيل", "Nabil"), ("فادي", "Fadi"), ("رامي", "Rami"),
         ("ماجد", "Majed"), ("زياد", "Ziad"), ("هشام", "Hisham"), ("وليد", "Walid"),
         ("جمال", "Jamal"), ("منير", "Mounir"), ("باسم", "Bassem"), ("عادل", "Adel"),
         ("ناصر", "Nasser"), ("سليم", "Salim"), ("فريد", "Farid"), ("مروان", "Marwan"),
         ("رشيد", "Rachid"), ("إبراهيم", "Ibrahim"), ("مصطفى", "Mustafa"), ("حسين", "Hussein"),
         ("ليلى", "Layla"), ("سلمى", "Salma"), ("مريم", "Maryam"), ("نادية", "Nadia"),
         ("رنا", "Rana"), ("دينا", "Dina"), ("سعاد", "Souad"), ("فاطمة", "Fatima"))
FAMILY = (("حداد", "Haddad"), ("نصار", "Nassar"), ("الخوري", "Al-Khoury"),
          ("منصور", "Mansour"), ("قاسم", "Kassem"), ("الحلبي", "Al-Halabi"),
          ("الشامي", "Al-Shami"), ("يونس", "Younes"), ("عثمان", "Othman"), ("شاهين", "Shaheen"),
          ("بركات", "Barakat"), ("سلامة", "Salameh"), ("درويش", "Darwish"), ("عطية", "Atiyeh"),
          ("زيدان", "Zidane"), ("الخطيب", "Al-Khatib"), ("النجار", "Al-Najjar"),
          ("الصباغ", "Al-Sabbagh"), ("الطويل", "Al-Tawil"), ("جابر", "Jaber"),
          ("حمدان", "Hamdan"), ("رزق", "Rizk"), ("العمري", "Al-Omari"), ("الزين", "Al-Zein"),
          ("مراد", "Mourad"), ("غانم", "Ghanem"), ("بدران", "Badran"), ("الكردي", "Al-Kurdi"),
          ("المصري", "Al-Masri"), ("كنعان", "Kanaan"), ("الراوي", "Al-Rawi"), ("حيدر", "Haidar"))
BODIES = (("لجنة", "Committee"), ("مجلس", "Council"), ("اتحاد", "Union"),
          ("جمعية", "Association"), ("معهد", "Institute"), ("هيئة", "Authority"))
DOMAINS = (("الثقافة", "Culture"), ("التجارة الخارجية", "Foreign Trade"), ("الطاقة", "Energy"),
           ("الزراعة", "Agriculture"), ("الصحة العامة", "Public Health"),
           ("التعليم العالي", "Higher Education"), ("النقل البحري", "Maritime Transport"),
           ("الصداقة الشعبية", "Popular Friendship"), ("البحوث العلمية", "Scientific Research"),
           ("الإعلام", "Media"))
# (noun, English, feminine?) and (masculine adjective, feminine adjective, English).
NOUNS = (("التعاون", "cooperation", False), ("الحوار", "dialogue", False),
         ("التنسيق", "coordination", False), ("الشراكة", "partnership", True),
         ("التبادل", "exchange", False), ("الأمن", "security", False),
         ("السلام", "peace", False), ("التنمية", "development", True),
         ("الاستثمار", "investment", False), ("التضامن", "solidarity", False),
         ("الاستقرار", "stability", False), ("التفاهم", "understanding", False),
         ("الدعم", "support", False), ("التحالف", "alliance", False),
         ("الاتفاق", "agreement", False), ("المشروع", "project", False),
         ("البرنامج", "programme", False), ("المنتدى", "forum", False),
         ("المؤتمر", "conference", False), ("الوفد", "delegation", False),
         ("المسار", "track", False), ("النظام", "order", False),
         ("الموقف", "position", False), ("المبادرة", "initiative", True),
         ("الخطة", "plan", True))
ADJECTIVES = (("الاقتصادي", "الاقتصادية", "economic"), ("السياسي", "السياسية", "political"),
              ("الاستراتيجي", "الاستراتيجية", "strategic"),
              ("الإقليمي", "الإقليمية", "regional"), ("الدولي", "الدولية", "international"),
              ("الثقافي", "الثقافية", "cultural"), ("العسكري", "العسكرية", "military"),
              ("العلمي", "العلمية", "scientific"), ("التقني", "التقنية", "technical"),
              ("الزراعي", "الزراعية", "agricultural"), ("الصناعي", "الصناعية", "industrial"),
              ("التجاري", "التجارية", "commercial"), ("الشامل", "الشاملة", "comprehensive"),
              ("المشترك", "المشتركة", "joint"), ("الثنائي", "الثنائية", "bilateral"),
              ("الجماعي", "الجماعية", "collective"), ("الشعبي", "الشعبية", "popular"),
              ("الإنساني", "الإنسانية", "humanitarian"), ("البحري", "البحرية", "maritime"),
              ("الطاقوي", "الطاقوية", "energy"))
COUNTRIES = (("روسيا", "Russia"), ("الصين", "China"), ("فيتنام", "Vietnam"), ("لاوس", "Laos"),
             ("كوبا", "Cuba"), ("إيران", "Iran"), ("سوريا", "Syria"), ("مصر", "Egypt"),
             ("الجزائر", "Algeria"), ("بيلاروس", "Belarus"), ("منغوليا", "Mongolia"),
             ("إندونيسيا", "Indonesia"), ("الهند", "India"), ("البرازيل", "Brazil"),
             ("فنزويلا", "Venezuela"), ("نيكاراغوا", "Nicaragua"), ("أنغولا", "Angola"),
             ("أوغندا", "Uganda"), ("كمبوديا", "Cambodia"), ("ميانمار", "Myanmar"))
THEMES = (("الاقتصاد والتجارة", "Economy and trade"), ("الزيارات الرسمية", "Official visits"),
          ("الثقافة والفنون", "Culture and the arts"), ("الزراعة", "Agriculture"),
          ("الصحة", "Health"), ("التعليم", "Education"), ("الرياضة", "Sport"),
          ("العلوم والتقنية", "Science and technology"), ("البناء", "Construction"),
          ("الدفاع", "Defence"), ("المؤتمرات الحزبية", "Party congresses"),
          ("الدبلوماسية", "Diplomacy"), ("الطاقة", "Energy"), ("النقل", "Transport"),
          ("الكوارث الطبيعية", "Natural disasters"), ("الشباب", "Youth"),
          ("المرأة", "Women"), ("العمال", "Workers"), ("الإعلام", "Media"),
          ("الذكرى السنوية", "Anniversaries"))
SECTIONS = ("أخبار", "النشاطات الدبلوماسية", "الاقتصاد", "الثقافة", "العلاقات الخارجية")
ROLES = (("المضيف", "Host"), ("الضيف", "Guest"), ("حضر اللقاء", "Attended"),
         ("ألقى كلمة", "Gave a speech"), ("رئيس الوفد", "Head of the delegation"),
         ("عضو الوفد", "Member of the delegation"), ("وقّع الاتفاق", "Signed the agreement"))
NAME_SENTENCES = ("وحضر اللقاء {}، وأعرب عن تقديره.", "وأكد {}، في كلمته، أهمية اللقاء.",
                  "وشارك في المحادثات {}، إلى جانب أعضاء الوفد.", "واستقبل المسؤولون {}، بحفاوة.")
TERM_SENTENCES = ("وتناول الجانبان {} بين البلدين.", "وجرى خلال اللقاء بحث {} بالتفصيل.",
                  "وأشار المتحدثون إلى أهمية {} في المرحلة الراهنة.")
ORDINALS = ("الأولى", "الثانية", "الثالثة")
NOTE_SENTENCE = "وورد في النص العبارة {} التي تستحق التوقف عندها."
NOTE_QUOTE = "العبارة {}"


@dataclass(frozen=True)
class Entry:
    """A registry entry to write: its id, file text, and (for people) the Arabic name."""

    id: str
    arabic: str
    english: str
    yaml: str


def q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are YAML)."""
    return json.dumps(text, ensure_ascii=False)


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def zipf_weights(count: int) -> list[float]:
    return [1.0 / (rank + 1) for rank in range(count)]


def people(rng: random.Random, count: int = 300) -> list[Entry]:
    persons = [(g, f) for g in GIVEN for f in FAMILY]
    rng.shuffle(persons)
    bodies = [(b, d) for b in BODIES for d in DOMAINS]
    rng.shuffle(bodies)
    entries = []
    for (given_ar, given_en), (family_ar, family_en) in persons[:count - count // 10]:
        arabic, english = f"{given_ar} {family_ar}", f"{given_en} {family_en}"
        entries.append(Entry(slug(english), arabic, english, "\n".join([
            "kind: person", "names:", f"  ar: {q(arabic)}", f"  en: {q(english)}", "aliases:",
            f"  - {q(english.replace('Al-', 'al-'))}",
            f"  - {q(given_en[0] + '. ' + family_en)}",
            "description:", f"  ar: {q(f'شخصية من المجموعة التجريبية: {arabic}.')}",
            f"  en: {q(f'A person of the synthetic collection: {english}.')}", ""])))
    for (body_ar, body_en), (domain_ar, domain_en) in bodies[:count // 10]:
        arabic, english = f"{body_ar} {domain_ar}", f"{body_en} of {domain_en}"
        entries.append(Entry(slug(english), arabic, english, "\n".join([
            "kind: organisation", "names:", f"  ar: {q(arabic)}", f"  en: {q(english)}",
            "aliases:", f"  - {q(english.upper())}",
            "description:", f"  ar: {q(f'منظمة من المجموعة التجريبية: {arabic}.')}",
            f"  en: {q(f'An organisation of the synthetic collection: {english}.')}", ""])))
    rng.shuffle(entries)  # popularity (Zipf rank) is the order of this list
    return entries


def terms(rng: random.Random) -> list[Entry]:
    entries = []
    for noun_ar, noun_en, feminine in NOUNS:
        for masculine, feminine_form, adjective_en in ADJECTIVES:
            arabic = f"{noun_ar} {feminine_form if feminine else masculine}"
            english = f"{adjective_en} {noun_en}"
            entries.append(Entry(slug(english), arabic, english, "\n".join([
                "names:", f"  ar: {q(arabic)}", f"  en: {q(english.capitalize())}",
                "aliases:", f"  - {q(english)}",
                "definition:", f"  ar: {q(f'مصطلح تجريبي: {arabic}، كما يرد في النصوص.')}",
                f"  en: {q(f'A synthetic term: {english}, as the texts use it.')}", ""])))
    rng.shuffle(entries)
    return entries


def topics() -> list[Entry]:
    named = [(f"العلاقات مع {ar}", f"Relations with {en}") for ar, en in COUNTRIES] + list(THEMES)
    return [Entry(slug(english), arabic, english, "\n".join([
        "names:", f"  ar: {q(arabic)}", f"  en: {q(english)}", "description:",
        f"  en: {q(f'Synthetic topic: {english}.')}", ""])) for arabic, english in named]


def seed_clauses(text: str) -> list[str]:
    """The seed article's paragraphs cut into clauses at commas and full stops."""
    paragraphs = [line.removeprefix(KCNA_INDENT) for line in text.split("\n")[2:]]
    clauses = [c.strip(" .") for p in paragraphs for c in re.split(r"[.،]\s+", p)]
    return [c for c in clauses if len(c.split()) >= 3]


def sample(rng: random.Random, entries: Sequence[Entry], weights: Sequence[float],
           count: int) -> list[Entry]:
    """`count` distinct entries, the popular ones more often."""
    chosen: dict[str, Entry] = {}
    while len(chosen) < count:
        entry = rng.choices(entries, cum_weights=weights)[0]
        chosen.setdefault(entry.id, entry)
    return list(chosen.values())


def cumulative(weights: Sequence[float]) -> list[float]:
    total, result = 0.0, []
    for weight in weights:
        total += weight
        result.append(total)
    return result


@dataclass(frozen=True)
class Registries:
    people: list[Entry]
    terms: list[Entry]
    topics: list[Entry]
    people_weights: list[float]
    term_weights: list[float]


def article(index: int, seed: int, clauses: Sequence[str], registries: Registries,
            ) -> tuple[str, str, str, str]:
    """(year, id, text, sidecar) of article `index`."""
    rng = random.Random(f"{seed}:article:{index}")
    date = FIRST_DAY + dt.timedelta(days=rng.randrange((LAST_DAY - FIRST_DAY).days + 1))
    article_id = f"{date.isoformat()}-synthetic-{index:05d}"
    participants = sample(rng, registries.people, registries.people_weights, rng.randint(2, 8))
    glossary = sample(rng, registries.terms, registries.term_weights, rng.randint(3, 12))
    topic_ids = sorted(t.id for t in rng.sample(registries.topics, rng.randint(1, 3)))
    note_count = rng.randint(0, 3)

    inserted = [rng.choice(NAME_SENTENCES).format(p.arabic) for p in participants]
    inserted += [rng.choice(TERM_SENTENCES).format(t.arabic) for t in glossary]
    inserted += [NOTE_SENTENCE.format(ORDINALS[n]) for n in range(note_count)]
    sentences = []
    words, target = sum(len(s.split()) for s in inserted), rng.randint(700, 900)
    while words < target:
        sentence = "، ".join(rng.sample(clauses, rng.randint(1, 3))) + "."
        sentences.append(sentence)
        words += len(sentence.split())
    for sentence in inserted:
        sentences.insert(rng.randrange(len(sentences) + 1), sentence)
    paragraphs: list[str] = []
    while sentences:
        size = rng.randint(2, 4)
        paragraphs.append(" ".join(sentences[:size]))
        sentences = sentences[size:]
    host, guest = participants[0], participants[1]
    title = f"{host.arabic} يستقبل {guest.arabic}"
    section = rng.choice(SECTIONS)
    text = "\n".join([f"/ {section}", title, *(KCNA_INDENT + p for p in paragraphs)])

    summary_ar = (f"استقبل {host.arabic} {guest.arabic}، وتناول الجانبان {glossary[0].arabic}. "
                  f"(مقال تجريبي رقم {index})")
    summary_en = (f"{host.english} received {guest.english}; they discussed "
                  f"{glossary[0].english}. (Synthetic article {index}.)")
    lines = [
        "# yaml-language-server: $schema=../../../build_tools/schemas/sidecar.schema.json",
        f"date: {q(date.isoformat())}", "language: ar", "source:",
        f"  publisher: {q('Synthetic News Agency')}", f"  section: {q(section)}",
        f"  url: {q(f'https://example.org/synthetic/{article_id}')}",
        "summary:", f"  ar: {q(summary_ar)}", f"  en: {q(summary_en)}",
        "participants:"]
    for number, participant in enumerate(participants):
        role_ar, role_en = ROLES[min(number, 2)] if number < 3 else rng.choice(ROLES[2:])
        lines += [f"  - id: {participant.id}", "    role:", f"      ar: {q(role_ar)}",
                  f"      en: {q(role_en)}"]
    lines.append("glossary:")
    for term in glossary:
        lines += [f"  - term: {term.id}", f"    quote: {q(term.arabic)}"]
    if note_count:
        lines.append("notes:")
        for number in range(note_count):
            quote = NOTE_QUOTE.format(ORDINALS[number])
            assert text.count(quote) == 1, (article_id, quote)
            lines += [f"  - quote: {q(quote)}", "    text:",
                      f"      en: {q(f'Editorial note {number + 1} of article {index}.')}",
                      f"      ar: {q(f'ملاحظة تحريرية رقم {number + 1} على المقال {index}.')}"]
    lines.append("topics:")
    lines += [f"  - {topic}" for topic in topic_ids]
    return str(date.year), article_id, text, "\n".join(lines) + "\n"


@dataclass(frozen=True)
class Sizes:
    """How many people and organisations, glossary terms and topics the registries hold
    (smaller ones make a quick test; an article needs at least 8 people and 12 terms)."""

    people: int = 300
    terms: int = 500
    topics: int = 40


def registries(seed: int, sizes: Sizes = Sizes()) -> Registries:
    rng = random.Random(f"{seed}:registries")
    listed_people, listed_terms = people(rng, max(8, sizes.people)), terms(rng)
    listed_terms = listed_terms[:max(12, sizes.terms)]
    return Registries(listed_people, listed_terms, topics()[:max(3, sizes.topics)],
                      cumulative(zipf_weights(len(listed_people))),
                      cumulative(zipf_weights(len(listed_terms))))


def write_collection(out: Path, articles: int, seed: int, sizes: Sizes = Sizes()) -> Path:
    """Write `out/collection/` and return it. Replaces only a collection written here."""
    out = out.resolve()
    if out == ROOT or (ROOT in out.parents and out.parts[len(ROOT.parts)] == "collection"):
        raise SystemExit(f"refusing to write into the repository's collection: {out}")
    collection = out / "collection"
    if collection.exists():
        if not (out / MARKER).exists():
            raise SystemExit(f"{collection} exists and was not written by this generator")
        shutil.rmtree(collection)
    out.mkdir(parents=True, exist_ok=True)
    (out / MARKER).write_text(f"articles: {articles}\nseed: {seed}\n")
    listed = registries(seed, sizes)
    for folder, entries in (("people", listed.people), ("glossary", listed.terms),
                            ("topics", listed.topics)):
        (collection / folder).mkdir(parents=True)
        for entry in entries:
            (collection / folder / f"{entry.id}.yml").write_text(entry.yaml, "utf-8")
    clauses = seed_clauses(SEED_TEXT.read_text("utf-8"))
    for index in range(1, articles + 1):
        year, article_id, text, sidecar = article(index, seed, clauses, listed)
        year_folder = collection / "articles" / year
        year_folder.mkdir(parents=True, exist_ok=True)
        (year_folder / f"{article_id}.txt").write_text(text, "utf-8")
        (year_folder / f"{article_id}.yml").write_text(sidecar, "utf-8")
    return collection


def copy_site_sources(out: Path) -> None:
    """The repository's site sources (SITE_SOURCES) into `out`, replacing what is there."""
    for name in SITE_SOURCES:
        source, destination = ROOT / name, out / name
        if destination.exists():
            shutil.rmtree(destination) if destination.is_dir() else destination.unlink()
        destination.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, destination)
        else:
            shutil.copy2(source, destination)
