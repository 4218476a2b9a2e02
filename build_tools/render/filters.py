"""Every escaping the pages need, in one place: the template filters.

Views hold plain text; nothing is escaped before it reaches a template. Here is how each
kind of string is escaped for where it goes:

- `|t` (source_text): text in HTML, keeping what Markdown would otherwise rewrite
- `|name`, `|text`, `|date`, `|number`: the smallest, most used elements (below)
- `|pagefind_filter`: a search filter's value, escaped twice more for Pagefind
- `|title`: a title in YAML front matter
- `|md`, `|code`: literal text and code spans in Markdown (the changes summary)
"""

from __future__ import annotations

import html
import json
import re
import string

import jinja2
from jinja2.nodes import EvalContext
from markupsafe import Markup, escape

from ..collate import Text
from ..runtime.cache import memoized


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


# The smallest, most used elements (a name, a text, a number) are filters, not
# template macros: every page has a hundred or more of them, and a macro runs Jinja's
# whole call machinery (a new frame, its arguments checked, its output joined) for each,
# where a filter is one Python call that can remember its result. Names and roles come
# back over and over (a person on every article they take part in, a title in every list
# of its article), so text elements are made once each. The markup stays a
# template: one string each, filled with values escaped here as autoescape would (by
# str.format: Markup.format does the same in Python, several times slower).

_TEXT = '<{tag}{cls} lang="{lang}" dir="{dir}">{text}</{tag}>'
_CLASS = ' class="{cls}"'
_NUMBER = '<bdi dir="ltr">{number}</bdi>'


def name_html(value: Text) -> Markup:
    """`|name`: a name or title in its own language and direction, isolated from the text
    around it."""
    return text_html(value, "bdi")


@memoized(maxsize=1 << 15)
def text_html(value: Text, tag: str = "span", cls: str = "") -> Markup:
    """`|text`: an element holding a text in its own language and direction."""
    return Markup(_TEXT.format(tag=escape(tag), cls=_CLASS.format(cls=escape(cls)) if cls else "",
                               lang=escape(value.lang), dir=escape(value.dir),
                               text=source_text(value.text)))


def number_html(value: object) -> Markup:
    """`|number`: a number, left to right in any text."""
    return Markup(_NUMBER.format(number=escape(value)))


def pagefind_filter(value: str) -> Markup:
    """`|pagefind_filter`: a search filter's value for `data-pagefind-filter` elements.

    Pagefind's search box shows filter values as HTML, so a name such as
    `<img onerror=…>` must reach it as `&lt;img onerror=…&gt;`, and Pagefind 1.5.2
    decodes the element's text twice (`&amp;lt;` in the page becomes `<`): the value is
    escaped twice on top of the page's own escaping. Were Pagefind to decode once, values
    would show their `&lt;`, still as text. tests/test_hostile.py checks nothing runs."""
    return source_text(_twice_escaped(value))


@memoized(maxsize=1 << 12)  # names, years, publishers: the same ones over and over
def _twice_escaped(value: str) -> str:
    return html.escape(html.escape(value, quote=False), quote=False)


def front_matter_title(value: str) -> Markup:
    """`|title`: a title for YAML front matter: HTML-escaped (themes print it raw),
    JSON-quoted."""
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


FILTERS = {
    "t": source_text_filter, "name": name_html, "text": text_html,
    "number": number_html, "pagefind_filter": pagefind_filter, "title": front_matter_title,
    "md": markdown_text, "code": markdown_code,
}
