"""Page specs to Markdown, through one Jinja2 environment. Markup lives in templates/, but
for the smallest, most used elements (a name, a text, a date, a number): filters below.

Every generated page is a YAML front matter and one raw HTML block. Raw HTML is left
alone by Python-Markdown (and by any engine that reads CommonMark), so what the
templates escape stays escaped: no sidecar, registry or source string can become
Markdown or HTML structure.
"""

from __future__ import annotations

import functools
import json
import re
import string
from typing import TYPE_CHECKING

import jinja2
from jinja2.nodes import EvalContext
from markupsafe import Markup, escape

from .. import arabic
from ..collate import PageSpec, Text, auto_text

if TYPE_CHECKING:
    from ..validate.published import Summary

# Interface words, per interface language. Data, not markup.
LABELS: dict[str, dict[str, str]] = {
    "ar": {
        "home": "الرئيسية", "timeline": "التسلسل الزمني", "people": "الأشخاص والمنظمات",
        "glossary": "المسرد", "topics": "المواضيع", "about": "حول المجموعة",
        "date": "التاريخ", "publisher": "الناشر", "section": "القسم", "source": "المصدر",
        "language": "اللغة", "id": "المعرّف", "summary": "الملخص", "participants": "المشاركون",
        "mentions": "ورد ذكرهم", "terms": "مصطلحات", "text": "النص", "notes": "ملاحظات التحرير",
        "note": "ملاحظة", "paragraph": "الفقرة", "previous": "المقال السابق",
        "next": "المقال التالي", "names": "الأسماء", "aliases": "صيغ أخرى",
        "description": "الوصف", "articles": "المقالات", "role": "الدور",
        "appears_with": "يظهر مع", "definition": "التعريف", "uses": "مواضع الاستخدام",
        "person": "أشخاص", "organisation": "منظمات ودول", "count": "عدد المقالات",
        "latest": "أحدث الإضافات", "collection": "المجموعة", "year": "السنة",
        "intro": "مجموعة مختارة من النصوص المنشورة، محفوظة كما نُشرت حرفًا بحرف، مع شروح "
                 "تحريرية: ملخصات، والمشاركون وأدوارهم، ومسرد للمصطلحات، وملاحظات.",
        "source_link": "النص الأصلي", "permalink": "رابط دائم", "none": "لا شيء بعد",
        "in_year": "مقالات سنة",
        "pages": "صفحات القائمة", "previous_page": "الصفحة السابقة",
        "next_page": "الصفحة التالية",
    },
    "en": {
        "home": "Home", "timeline": "Timeline", "people": "People and organisations",
        "glossary": "Glossary", "topics": "Topics", "about": "About",
        "date": "Date", "publisher": "Publisher", "section": "Section", "source": "Source",
        "language": "Language", "id": "Id", "summary": "Summary", "participants": "Participants",
        "mentions": "Also named", "terms": "Terms", "text": "Text", "notes": "Editorial notes",
        "note": "Note", "paragraph": "Paragraph", "previous": "Previous article",
        "next": "Next article", "names": "Names", "aliases": "Other spellings",
        "description": "Description", "articles": "Articles", "role": "Role",
        "appears_with": "Appears with", "definition": "Definition", "uses": "Where it is used",
        "person": "People", "organisation": "Organisations and states", "count": "Articles",
        "latest": "Latest additions", "collection": "Collection", "year": "Year",
        "intro": "A curated collection of published texts, kept exactly as published, with "
                 "editorial annotations: summaries, participants and their roles, a glossary "
                 "and notes.",
        "source_link": "Original text", "permalink": "Permanent link", "none": "Nothing yet",
        "in_year": "Articles of",
        "pages": "Pages of the list", "previous_page": "Previous page",
        "next_page": "Next page",
    },
}


def source_text(value: str) -> Markup:
    """Escape a string for HTML, keeping characters Markdown would otherwise rewrite.

    Python-Markdown expands tabs and drops STX/ETX before it looks for raw HTML, so those
    are written as character references: the browser turns them back into themselves.
    """
    if not _markdown_rewrites(value):  # nearly always: escaping is all it takes
        return escape(value)
    escaped = str(escape(value))
    for char in "\t\x02\x03":
        escaped = escaped.replace(char, f"&#{ord(char)};")
    return Markup(escaped)


def _markdown_rewrites(value: str) -> bool:
    # Asked of every run of every text: three `in` tests are cheaper than a regex.
    return "\t" in value or "\x02" in value or "\x03" in value


@jinja2.pass_eval_context
def source_text_filter(eval_ctx: EvalContext, value: str) -> str:
    """`|t`: source_text, but where autoescape is on, a plain string is left for it to
    escape: wrapping it as Markup first would only cost a second call per value."""
    if eval_ctx.autoescape and not _markdown_rewrites(value):
        return value
    return source_text(value)


# The smallest, most used elements are filters rather than macros: a macro call costs
# several times its output (a page has hundreds), a filter is one Python call. Each
# interpolated value is escaped here, as autoescape would in a template. Names, roles and
# dates come back over and over (a person on every article they take part in, a title in
# every list of its article), so each is made once.


def name_html(value: Text) -> Markup:
    """A name or title in its own language and direction, isolated from the text around it."""
    return text_html(value, "bdi")


@functools.lru_cache(maxsize=1 << 15)
def text_html(value: Text, tag: str = "span", cls: str = "") -> Markup:
    """An element holding a text in its own language and direction."""
    element = escape(tag)
    class_attribute = f' class="{escape(cls)}"' if cls else ""
    return Markup(f'<{element}{class_attribute} lang="{escape(value.lang)}" '
                  f'dir="{escape(value.dir)}">{source_text(value.text)}</{element}>')


@functools.lru_cache(maxsize=1 << 12)
def date_html(iso: str) -> Markup:
    """An ISO date, left to right in any text."""
    escaped = escape(iso)
    return Markup(f'<bdi dir="ltr"><time datetime="{escaped}">{escaped}</time></bdi>')


def number_html(value: object) -> Markup:
    """A number, left to right in any text."""
    return Markup(f'<bdi dir="ltr">{escape(value)}</bdi>')


def front_matter_title(value: str) -> Markup:
    """A title for YAML front matter: HTML-escaped (themes print it raw), JSON-quoted."""
    return Markup(json.dumps(str(source_text(value)), ensure_ascii=False))


# CommonMark lets any ASCII punctuation be escaped with a backslash, and then it is only
# itself: no emphasis, link, HTML, table cell or autolink (GitHub's `www.` and `http://`
# need their dot and colon unescaped) can start from it.
_MARKDOWN_PUNCTUATION = re.compile(f"([{re.escape(string.punctuation)}])")
_BACKTICKS = re.compile("`+")


def markdown_text(value: object) -> Markup:
    """`|md`: a string as literal Markdown text, on one line."""
    return Markup(_MARKDOWN_PUNCTUATION.sub(r"\\\1", " ".join(str(value).split())))


def markdown_code(value: object) -> Markup:
    """`|code`: a string as a Markdown code span in a table cell, on one line: fenced by
    more backticks than it holds, its `|` escaped (GitHub reads a bare one as a cell
    border, even in a code span)."""
    text = " ".join(str(value).split()).replace("|", "\\|")
    if not text:
        return Markup("")  # `` would be two backticks, not an empty span
    fence = "`" * (max(map(len, _BACKTICKS.findall(text)), default=0) + 1)
    padding = " " if text.startswith("`") or text.endswith("`") else ""
    return Markup(f"{fence}{padding}{text}{padding}{fence}")


@functools.cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("build_tools.render", "templates"),
        autoescape=True,
        auto_reload=False,  # part of the package: no template changes while a build runs
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["t"] = source_text_filter
    env.filters["title"] = front_matter_title
    env.filters["auto_text"] = auto_text
    env.filters.update(name=name_html, text=text_html, date=date_html, number=number_html,
                       md=markdown_text, code=markdown_code)
    return env


def render(page: PageSpec, language: str) -> str:
    template = environment().get_template(page.template)
    labels = LABELS.get(language, LABELS["en"])
    direction = "rtl" if arabic.is_rtl_language(language) else "ltr"
    return template.render(page=page, labels=labels, ui_lang=language, ui_dir=direction,
                           **page.context)


def render_preview_problems(count: int, report: str) -> str:
    """The preview's notice of the collection's current errors (`report`: as check prints
    them), laid over each page it serves."""
    return environment().get_template("preview_problems.html.j2").render(count=count,
                                                                          report=report)


def render_changes(summary: Summary) -> str:
    """What a pull request changes in the collection, as Markdown (a job summary)."""
    return environment().get_template("changes.md.j2").render(summary=summary)
