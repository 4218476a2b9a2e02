"""The site around the texts, in Chromium, as a reader meets it (issue #16): every page type
at 320, 390 and 1280 px, light and dark.

- nothing scrolls sideways; a screenshot of each page type, width and scheme goes to
  test-artifacts/screenshots/reader-site/ for a human to look at
- axe finds no serious violation in either scheme, and the toggle switches the scheme
- the about page reached from home is Arabic; the contributors' pages declare English
- the skip link is there and moves focus to the page's text
- the footer gives the licences and the repository
- navigation, list and pager links are at least 44 px tall (pager numbers as wide)
- the timeline and the lists speak Arabic: month names, plural forms, no `2025 (1): 07 (1)`
- the 404 page is Arabic

The article page's own body is tested by tests/test_browser.py and its own tests.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Protocol

import pytest
from playwright.sync_api import Browser, BrowserContext

from build_tools import pipeline
from build_tools.config import Site
from tests import test_browser
from tests.conftest import make_repo
from tests.support import synthetic
from tests.test_browser import (
    AXE_KNOWN,
    AXE_SCRIPT,
    SCREENSHOTS,
    OpenPage,
    Visit,
    foreign_requests,
    sideways_overflow,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

open_page = test_browser.open_page  # the fixture: open a page of the seed site, record errors

PAGES = {  # every page type -> path under the site root (the article's body: its own tests)
    "article": "articles/2025/2025-07-12-kim-jong-un-receives-lavrov/",
    "home": "",
    "about": "about/",
    "timeline": "timeline/",
    "year": "timeline/2025/",
    "people-index": "people/",
    "glossary-index": "glossary/",
    "topics-index": "topics/",
    "person": "people/sergey-lavrov/",
    "term": "glossary/strategic-dialogue/",
    "topic": "topics/dprk-russia-relations/",
    "404": "404.html",
    "contributors": "about/format/",
}
ENGLISH_PAGES = ["about/format/", "about/contributing/", "about/architecture/",
                 "about/search/", "about/benchmarks/"]
WIDTHS = {"320": (320, 640), "390": (390, 844), "1280": (1280, 900)}
SHOTS = SCREENSHOTS / "reader-site"
TAP = 44  # px: WCAG 2.5.5's target size
ARABIC_MONTHS = ("يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس",
                 "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر")


def scheme(visit: Visit) -> str:
    return str(visit.js("document.body.getAttribute('data-md-color-scheme')"))


def toggle_scheme(visit: Visit) -> None:
    """Click the header's scheme toggle (the one label of the palette that is shown)."""
    visit.page.locator('[data-md-component="palette"] label:not([hidden])').click()
    visit.page.wait_for_timeout(100)


def dark(visit: Visit) -> None:
    if scheme(visit) != "slate":
        toggle_scheme(visit)
    assert scheme(visit) == "slate"


def axe_violations(visit: Visit) -> list[str]:
    visit.page.add_script_tag(path=AXE_SCRIPT)
    violations = visit.js("axe.run(document, {resultTypes: ['violations']})"
                          ".then(r => r.violations)")
    return [f"{v['id']} ({v['impact']}): {v['help']}: "
            + "; ".join(" ".join(node["target"]) for node in v["nodes"][:5])
            for v in violations
            if any((v["id"], " ".join(node["target"])) not in AXE_KNOWN for node in v["nodes"])]


def small_targets(visit: Visit, selector: str, *, width: bool = False) -> list[str]:
    """The links matching `selector` (shown ones) less than 44 px tall (or wide)."""
    return list(visit.js("""([selector, tap, width]) => [...document.querySelectorAll(selector)]
        .filter(e => e.getClientRects().length && getComputedStyle(e).visibility !== 'hidden')
        .map(e => [e, e.getBoundingClientRect()])
        .filter(([e, r]) => r.height < tap - 0.5 || (width && r.width < tap - 0.5))
        .map(([e, r]) => `${e.textContent.trim().slice(0, 30)}: `
                         + `${Math.round(r.width)}x${Math.round(r.height)}`)
    """, [selector, TAP, width]))


# ------------------------------------------------------- widths, schemes, screenshots


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("kind", list(PAGES))
def test_no_sideways_scroll_light_and_dark(open_page: OpenPage, kind: str, width: str) -> None:
    visit = open_page(PAGES[kind], size=WIDTHS[width])
    SHOTS.mkdir(parents=True, exist_ok=True)
    problems = []
    for name in ("light", "dark"):
        if name == "dark":
            dark(visit)
        overflow = sideways_overflow(visit)
        visit.page.screenshot(path=SHOTS / f"{kind}-{width}-{name}.png", full_page=True)
        if overflow:
            problems.append(f"{name}: " + "\n".join(overflow))
    assert not problems, f"{kind} at {width} px scrolls sideways:\n" + "\n".join(problems)
    assert not visit.errors, "\n".join(visit.errors)
    assert not foreign_requests(visit.requests), foreign_requests(visit.requests)


@pytest.mark.parametrize("kind", list(PAGES))
def test_axe_light_and_dark(open_page: OpenPage, kind: str) -> None:
    light = open_page(PAGES[kind])
    assert scheme(light) == "default", "the site does not open in the light scheme"
    found = [f"light: {v}" for v in axe_violations(light)]
    night = open_page(PAGES[kind])
    dark(night)
    found += [f"dark: {v}" for v in axe_violations(night)]
    assert not found, f"{kind}:\n" + "\n".join(found)


def test_scheme_toggles_and_is_remembered(open_page: OpenPage) -> None:
    visit = open_page("")
    assert scheme(visit) == "default"
    background = visit.js("getComputedStyle(document.body).backgroundColor")
    toggle_scheme(visit)
    assert scheme(visit) == "slate"
    assert visit.js("getComputedStyle(document.body).backgroundColor") != background
    visit.page.goto(visit.page.url.rstrip("/") + "/timeline/", wait_until="networkidle")
    assert scheme(visit) == "slate", "the chosen scheme is forgotten on the next page"
    toggle_scheme(visit)
    assert scheme(visit) == "default"


# ------------------------------------------------------------------------- languages


def test_about_page_from_home_is_arabic(open_page: OpenPage) -> None:
    visit = open_page("")
    visit.page.locator(".cl-counts a").last.click()
    visit.page.wait_for_load_state("networkidle")
    assert visit.page.url.endswith("/about/"), visit.page.url
    found = visit.js("""() => { const c = document.getElementById('cl-content');
        return [document.documentElement.lang, c.lang, c.dir, getComputedStyle(c).direction,
                c.querySelector('h1').firstChild.textContent.trim()]; }""")
    assert found == ["ar", "ar", "rtl", "rtl", "حول المجموعة"], found
    text = visit.js("document.getElementById('cl-content').innerText")
    for section in ("كيف تبحث", "كيف تستشهد", "الرخص"):
        assert section in text, f"the about page says nothing under «{section}»"


@pytest.mark.parametrize("path", ENGLISH_PAGES)
def test_contributors_pages_declare_english(open_page: OpenPage, path: str) -> None:
    visit = open_page(path)
    content = visit.js("""() => { const c = document.getElementById('cl-content');
        return [c.lang, c.dir, getComputedStyle(c).direction,
                getComputedStyle(c.querySelector('p')).textAlign]; }""")
    assert content == ["en", "ltr", "ltr", "left"], f"{path}: {content}"


def test_contributors_pages_are_apart_from_the_readers(open_page: OpenPage) -> None:
    """The readers' navigation is Arabic; the English pages sit in a section of their own."""
    visit = open_page("")
    sections = visit.js("""[...document.querySelectorAll(
        '.md-nav--primary > .md-nav__list > .md-nav__item')].map(i => [
        i.querySelector('.md-nav__link').textContent.trim(),
        [...i.querySelectorAll(':scope nav a')].map(a => a.getAttribute('href'))])""")
    readers = [title for title, children in sections if not children]
    assert "حول المجموعة" in readers, sections
    english = [children for title, children in sections if children]
    assert len(english) == 1 and all("about/" in href for href in english[0]), sections
    assert len(english[0]) == len(ENGLISH_PAGES), sections


# ---------------------------------------------------------------- skip link, footer


@pytest.mark.parametrize("kind", list(PAGES))
def test_skip_link_moves_focus_to_the_text(open_page: OpenPage, kind: str) -> None:
    visit = open_page(PAGES[kind], size=WIDTHS["390"])
    visit.page.keyboard.press("Tab")
    first = visit.js("[document.activeElement.className, document.activeElement.textContent.trim(),"
                     " document.activeElement.getBoundingClientRect().width]")
    assert "cl-skip" in first[0], f"the first Tab stop is {first}"
    assert first[1] == "انتقل إلى المحتوى" and first[2] > 0, first
    visit.page.keyboard.press("Enter")
    visit.page.wait_for_timeout(100)
    landed = visit.js("[document.activeElement.id, document.activeElement.tagName,"
                      " document.activeElement.getBoundingClientRect().top]")
    assert landed[0] == "cl-content" and landed[1] == "ARTICLE", landed
    assert landed[2] < WIDTHS["390"][1], f"the text is not on screen after skipping: {landed}"
    skips = visit.js("[...document.querySelectorAll('.md-skip')]"
                     ".filter(e => getComputedStyle(e).display !== 'none').length")
    assert skips == 1, f"{skips} skip links"


@pytest.mark.parametrize("kind", ["home", "person", "404", "contributors"])
def test_footer_gives_the_licences_and_the_repository(open_page: OpenPage, kind: str) -> None:
    visit = open_page(PAGES[kind])
    footer = visit.page.locator(".md-footer-meta .cl-footer")
    text = footer.inner_text()
    assert "لناشريها" in text and "CC BY 4.0" in text, text
    assert footer.get_attribute("lang") == "ar"
    licence = footer.locator('a[rel="license"]').get_attribute("href") or ""
    assert licence.startswith("https://creativecommons.org/licenses/by/4.0/"), licence
    repository = footer.locator(".cl-repository a").first
    repository.click()
    visit.page.wait_for_load_state("networkidle")
    assert visit.page.url.endswith("/about/#source"), visit.page.url
    assert visit.js("!!document.getElementById('source')"), "the about page has no #source"


def test_print_shows_the_text_only(open_page: OpenPage) -> None:
    visit = open_page(PAGES["person"])
    visit.page.emulate_media(media="print")
    shown = visit.js("""['.md-header', '.md-sidebar--primary', '.md-footer', '.cl-search',
        '.md-top', '.md-skip'].map(s => [s, [...document.querySelectorAll(s)]
            .some(e => getComputedStyle(e).display !== 'none')])""")
    assert not [s for s, visible in shown if visible], shown
    assert visit.js("getComputedStyle(document.querySelector('#cl-content h1')).display") != "none"


# -------------------------------------------------------------------------- 404 page


def test_404_page_is_arabic(open_page: OpenPage) -> None:
    visit = open_page("404.html")
    found = visit.js("""() => { const p = document.querySelector('.cl-404');
        return [document.documentElement.lang, p.lang, p.dir,
                p.querySelector('h1').textContent]; }""")
    assert found == ["ar", "ar", "rtl", "الصفحة غير موجودة"], found
    assert "Not found" not in visit.js("document.body.innerText")
    visit.page.locator(".cl-404 a").nth(1).click()
    visit.page.wait_for_load_state("networkidle")
    assert visit.page.url.endswith("/timeline/"), visit.page.url


# ------------------------------------------------------------------- words and order


def test_timeline_in_arabic_months_and_plurals(open_page: OpenPage) -> None:
    visit = open_page(PAGES["timeline"])
    months = visit.js("[...document.querySelectorAll('.cl-months li')]"
                      ".map(li => li.textContent.trim())")
    assert months == ["يوليو 2025 — مقال واحد"], months
    text = visit.js("document.querySelector('.cl-timeline').textContent")
    assert not re.search(r"\(\d+\)", text), f"a bare count in {text!r}"
    year = open_page(PAGES["year"])
    assert year.js("document.querySelector('#m07').textContent.trim()") == "يوليو 2025"
    assert year.js("document.querySelector('.cl-article-list time').textContent") == "12 يوليو 2025"


@pytest.mark.parametrize("kind", ["person", "term"])
def test_names_are_labelled_by_language_name(open_page: OpenPage, kind: str) -> None:
    visit = open_page(PAGES[kind])
    labels = visit.js("[...document.querySelectorAll('.cl-name-list dt')]"
                      ".map(d => d.textContent.trim())")
    assert labels[0] == "العربية" and "الإنجليزية" in labels, labels
    assert not [label for label in labels if re.fullmatch(r"[a-z]{2,3}(-\w+)?", label)], labels


def test_indexes_sort_in_arabic_alphabetical_order(open_page: OpenPage) -> None:
    visit = open_page(PAGES["people-index"])
    organisations = visit.js("[...document.querySelectorAll('#organisation + ul > li > a')]"
                             ".map(a => a.textContent.trim())")
    # «الاتحاد الروسي» sorts as «اتحاد روسي»: before «جمهورية ...» and «حزب ...»
    assert organisations[0] == "الاتحاد الروسي", organisations
    english = visit.js("""[...document.querySelectorAll('.cl-index-list .cl-other')].map(e =>
        [e.lang, e.dir, e.closest('li').firstElementChild.tagName])""")
    assert english and all(item == ["en", "ltr", "A"] for item in english), english


# ------------------------------------------------- long lists: pagers and plural forms


class OpenLong(Protocol):
    def __call__(self, path: str, size: tuple[int, int]) -> Visit: ...


@pytest.fixture(scope="module")
def long_site(tmp_path_factory: pytest.TempPathFactory,
              serve_site: Callable[[Path], str]) -> str:
    """A synthetic collection of 24 articles, 2 to a page: lists with pagers, counts
    above one and two."""
    root = tmp_path_factory.mktemp("reader-long")
    collection = synthetic.write_collection(root / "synthetic", 24, 3, synthetic.Sizes(
        people=8, terms=12, topics=3))
    paths = make_repo(root / "repo", collection)
    report = pipeline.build(paths, Site(page_size=2))
    assert report.ok, "\n".join(d.message for d in report.diagnostics)
    return serve_site(paths.site)


@pytest.fixture
def open_long(long_site: str, browser: Browser) -> Iterator[OpenLong]:
    contexts: list[BrowserContext] = []

    def open_(path: str, size: tuple[int, int]) -> Visit:
        context = browser.new_context(viewport={"width": size[0], "height": size[1]})
        contexts.append(context)
        visit = Visit(context.new_page())
        visit.page.goto(long_site + path, wait_until="networkidle")
        return visit

    yield open_
    for context in contexts:
        context.close()


@pytest.mark.parametrize("width", list(WIDTHS))
def test_tap_targets(open_long: OpenLong, width: str) -> None:
    visit = open_long("timeline/", WIDTHS[width])
    # the year with the most articles: more than a page of them
    year = visit.js("""[...document.querySelectorAll('.cl-year h2')].map(h => [
        parseInt(h.querySelector('.cl-count').textContent.replace(/\\D/g, '') || '1'),
        h.querySelector('a').getAttribute('href')]).sort((a, b) => b[0] - a[0])[0][1]""")
    visit.page.goto(visit.page.url + year, wait_until="networkidle")
    assert visit.page.locator(".cl-pager").count() == 1, "the year has no pager"
    shown = visit.js("document.querySelector('.cl-pager-range').textContent")
    assert re.fullmatch(r"1\u20132 من (\d+ مقالات|\d+ مقالًا)", shown), shown
    SHOTS.mkdir(parents=True, exist_ok=True)
    visit.page.screenshot(path=SHOTS / f"pager-{width}-light.png", full_page=True)
    small = {
        "pager": small_targets(visit, ".cl-pager a", width=True),
        "list": small_targets(visit, ".cl-article-list a"),
        "nav": small_targets(visit, ".md-nav--primary .md-nav__link"),
    }
    for path in ("", "timeline/", "people/", "glossary/", "topics/"):
        visit.page.goto(visit.page.url.split("/timeline/")[0] + "/" + path,
                        wait_until="networkidle")
        small[path or "home"] = small_targets(
            visit, ".cl-page a:not(.headerlink):not([hidden])")
    assert not any(small.values()), {k: v for k, v in small.items() if v}
    assert not sideways_overflow(visit)


def test_plural_forms_of_counts(open_long: OpenLong) -> None:
    visit = open_long("timeline/", WIDTHS["1280"])
    counts = visit.js("[...document.querySelectorAll('.cl-timeline .cl-count')]"
                      ".map(e => e.textContent.replace('—', '').trim())")
    forms = re.compile(r"^(مقال واحد|مقالان|([3-9]|10) مقالات|([1-9]\d) مقالًا|\d+ مقال)$")
    assert counts and all(forms.match(count) for count in counts), counts
    months = visit.js("[...document.querySelectorAll('.cl-months a')].map(a => a.textContent)")
    assert all(month.split()[0] in ARABIC_MONTHS for month in months), months
    home = visit.page.goto(visit.page.url.split("/timeline/")[0] + "/", wait_until="networkidle")
    assert home is not None
    articles = visit.js("document.querySelector('.cl-counts .cl-count').textContent")
    assert "24 مقالًا" in articles, articles


def test_screenshots_were_written() -> None:
    """Kept last in the file: the screenshots a reviewer looks at are all there."""
    shots = sorted(Path(SHOTS).glob("*.png")) if SHOTS.exists() else []
    assert len(shots) >= len(PAGES) * len(WIDTHS) * 2, [s.name for s in shots]
