"""Page specs to Markdown, through one Jinja2 environment (StrictUndefined, autoescape).

- `templates/`: the markup, one template per page view (collate.views); each reads
  attributes of `view`, the interface `labels`, `ui_lang` and `ui_dir`
- `filters`: every escaping, and the smallest elements (a name, a date, a number)
- `LABELS`: the interface words, per interface language

Every generated page is a YAML front matter and one raw HTML block. Raw HTML is left
alone by Python-Markdown (and by any engine that reads CommonMark), so what the
templates escape stays escaped: no sidecar, registry or source string can become
Markdown or HTML structure.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

import jinja2

from .. import arabic
from ..collate import PageSpec
from .filters import FILTERS, markdown_code, markdown_text, source_text

if TYPE_CHECKING:
    from ..validate.published import Summary

__all__ = ["LABELS", "environment", "markdown_code", "markdown_text", "render",
           "render_changes", "render_preview_problems", "source_text"]

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


# The environment is the package's own templates, which do not change while it runs
# (auto_reload is off): made once per process, not memoized per build (runtime.cache), so a
# preview's regeneration does not compile the templates again.
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
    env.filters.update(FILTERS)
    return env


def render(page: PageSpec, language: str) -> str:
    """The page's Markdown, its interface in `language`."""
    template = environment().get_template(page.template)
    direction = "rtl" if arabic.is_rtl_language(language) else "ltr"
    return template.render(page=page, view=page.view, labels=LABELS.get(language, LABELS["en"]),
                           ui_lang=language, ui_dir=direction)


def render_preview_problems(count: int, report: str) -> str:
    """The preview's notice of the collection's current errors (`report`: as check prints
    them), laid over each page it serves."""
    return environment().get_template("preview_problems.html.j2").render(count=count,
                                                                          report=report)


def render_changes(summary: Summary) -> str:
    """What a pull request changes in the collection, as Markdown (a job summary)."""
    return environment().get_template("changes.md.j2").render(summary=summary)
