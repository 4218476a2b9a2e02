"""The built site in a real browser: direction, fonts, tooltips, links, accessibility.

Every page is opened through `open_page`, which records console errors, uncaught
exceptions and every request the page makes. Screenshots of each page type are written to
test-artifacts/screenshots/ for a human to look at.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Error, Page, Request

from build_tools import pipeline

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
AXE_SCRIPT = Path(str(resources.files("axe_playwright_python").joinpath("axe.min.js")))

ARTICLE_ID = "2025-07-12-kim-jong-un-receives-lavrov"
ARTICLE = f"articles/2025/{ARTICLE_ID}/"
ARTICLE_TEXT = Path("articles") / "2025" / f"{ARTICLE_ID}.txt"  # inside collection/
PAGES = {  # page type -> path under the site root
    "article": ARTICLE,
    "person": "people/sergey-lavrov/",
    "term": "glossary/strategic-dialogue/",
    "topic": "topics/dprk-russia-relations/",
    "timeline": "timeline/",
    "year": "timeline/2025/",
    "people-index": "people/",
    "glossary-index": "glossary/",
    "topics-index": "topics/",
    "home": "",
    "about": "about/",
}
# Accepted axe findings: (rule, target) -> why. Keep this empty whenever possible.
# Violations we accept, with the reason: none today. Keyed by (rule id, target selector).
AXE_KNOWN: dict[tuple[str, str], str] = {}
DESKTOP = (1280, 900)
MOBILE = (390, 844)


@dataclass
class Visit:
    """An open page and what it did since it was opened."""

    page: Page
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def js(self, expression: str, arg: Any = None) -> Any:
        return self.page.evaluate(expression, arg)


class OpenPage(Protocol):
    def __call__(self, path: str, *, size: tuple[int, int] = DESKTOP) -> Visit: ...


@pytest.fixture
def open_page(site_url: str, browser: Browser) -> Iterator[OpenPage]:
    """Open a path of the site in a fresh context, recording errors and requests."""
    contexts: list[BrowserContext] = []

    def open_(path: str, *, size: tuple[int, int] = DESKTOP) -> Visit:
        context = browser.new_context(viewport={"width": size[0], "height": size[1]})
        contexts.append(context)
        visit = Visit(context.new_page())

        def on_console(message: ConsoleMessage) -> None:
            if message.type == "error":
                visit.errors.append(f"console: {message.text} ({message.location})")

        def on_page_error(error: Error) -> None:
            visit.errors.append(f"pageerror: {error}")

        def on_request(request: Request) -> None:
            visit.requests.append(request.url)

        visit.page.on("console", on_console)
        visit.page.on("pageerror", on_page_error)
        visit.page.on("request", on_request)
        response = visit.page.goto(site_url + path, wait_until="networkidle")
        assert response is not None and response.status == 200, f"{path}: {response}"
        visit.js("document.fonts.ready.then(() => true)")
        return visit

    yield open_
    for context in contexts:
        context.close()


def computed(visit: Visit, selector: str, prop: str) -> str:
    value = visit.js("([s, p]) => { const e = document.querySelector(s); "
                     "return e && getComputedStyle(e).getPropertyValue(p); }", [selector, prop])
    assert value is not None, f"no element matches {selector}"
    return str(value)


def sideways_overflow(visit: Visit) -> list[str]:
    """If the page scrolls sideways: its width, then the elements that stick out of the
    viewport (none when only text overflows its box)."""
    return list(visit.js("""() => {
        const width = document.documentElement.scrollWidth;
        if (width <= innerWidth) return [];
        return [`the page is ${width} px wide in a ${innerWidth} px viewport`,
                ...[...document.querySelectorAll('body *')]
            .filter(e => { const r = e.getBoundingClientRect();
                           return r.width > 0 && (r.right > innerWidth + 0.5 || r.left < -0.5); })
            .slice(0, 10)
            .map(e => `${e.tagName.toLowerCase()}.${e.className} ${e.id} `
                      + JSON.stringify(e.getBoundingClientRect()))];
    }"""))


def foreign_requests(urls: list[str]) -> list[str]:
    return [url for url in urls
            if urlsplit(url).scheme not in ("data", "about", "blob")
            and urlsplit(url).hostname != "127.0.0.1"]


def rendered_fonts(page: Page, selector: str) -> dict[str, int]:
    """Font family -> glyph count actually used for the text of each matching element."""
    cdp = page.context.new_cdp_session(page)
    try:
        cdp.send("DOM.enable")
        cdp.send("CSS.enable")
        root = cdp.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
        nodes = cdp.send("DOM.querySelectorAll", {"nodeId": root, "selector": selector})
        fonts: dict[str, int] = {}
        for node in nodes["nodeIds"]:
            for font in cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]:
                name = font["familyName"]
                fonts[name] = fonts.get(name, 0) + font["glyphCount"]
        return fonts
    finally:
        cdp.detach()


# ------------------------------------------------------------------ direction and fonts


def test_article_is_right_to_left_arabic(open_page: OpenPage) -> None:
    visit = open_page(ARTICLE)
    html = visit.js("({lang: document.documentElement.lang, body: document.body.dir})")
    assert html["lang"] == "ar", f"<html lang> is {html['lang']!r}"
    # Material puts the interface direction on <body>, not on <html> (see base.html).
    assert html["body"] == "rtl", f"<body dir> is {html['body']!r}"
    assert computed(visit, ".cl-text", "direction") == "rtl"
    assert computed(visit, ".cl-article", "direction") == "rtl"

    english, arabic = '.cl-summary[lang="en"]', '.cl-summary[lang="ar"]'
    assert computed(visit, english, "direction") == "ltr"
    assert computed(visit, f"{english} p", "text-align") == "left"
    assert not computed(visit, f"{english} p", "font-family").startswith("Amiri"), \
        "English summary is set in the Arabic typeface"
    assert computed(visit, arabic, "direction") == "rtl"
    assert computed(visit, f"{arabic} p", "text-align") == "right"


@pytest.mark.parametrize("size", [DESKTOP, MOBILE], ids=["desktop", "mobile"])
def test_paragraph_numbers_sit_in_the_right_gutter(
        open_page: OpenPage, size: tuple[int, int]) -> None:
    """Right-to-left text starts on the right, so its paragraph numbers go there too."""
    visit = open_page(ARTICLE, size=size)
    boxes = visit.js("[...document.querySelectorAll('.cl-paragraph')].map(p => [p.id, "
                     "p.querySelector('.cl-pnum').getBoundingClientRect().left, "
                     "p.querySelector('.cl-source').getBoundingClientRect().right])")
    assert boxes, "the article shows no numbered paragraph"
    misplaced = [(pid, round(number), round(text)) for pid, number, text in boxes
                 if number < text - 1]
    assert not misplaced, f"numbers left of (over) their text, (id, number, text end): {misplaced}"


@pytest.mark.parametrize("kind", ["person", "term", "topic"])
def test_page_title_is_larger_than_section_headings(open_page: OpenPage, kind: str) -> None:
    """The name in <h1> is wrapped in <bdi lang="ar">; the Arabic size rule must not shrink it."""
    visit = open_page(PAGES[kind])
    title = float(computed(visit, "h1 bdi", "font-size").removesuffix("px"))
    heading = float(computed(visit, "h2", "font-size").removesuffix("px"))
    assert title > heading, f"{kind}: title {title}px is not larger than a heading {heading}px"


def test_article_text_is_set_in_amiri(open_page: OpenPage) -> None:
    visit = open_page(ARTICLE)
    faces = visit.js("[...document.fonts].map(f => ({family: f.family.replace(/\"/g, ''),"
                     " weight: f.weight, status: f.status}))")
    amiri = {face["weight"]: face["status"] for face in faces if face["family"] == "Amiri"}
    assert amiri.get("400") == "loaded", f"Amiri regular not loaded: {faces}"
    family = computed(visit, "#p1 > .cl-source", "font-family")
    assert family.startswith("Amiri"), f"paragraph font-family is {family}"

    # What Chromium really drew the glyphs with, not what CSS asked for.
    body = rendered_fonts(visit.page, ".cl-text .cl-source")
    assert set(body) == {"Amiri"}, f"article text rendered with {body}"
    title = rendered_fonts(visit.page, "h1.cl-title")
    assert set(title) == {"Amiri"}, f"title rendered with {title}"



def test_english_beside_the_arabic_is_set_in_crimson_pro(open_page: OpenPage) -> None:
    """English notes in the Latin face served beside Amiri; the Arabic words they quote
    in Amiri; nothing in a face of the reader's system."""
    visit = open_page(ARTICLE)
    visit.js("document.fonts.ready.then(() => true)")
    faces = visit.js("[...document.fonts].filter(f => f.family.includes('Crimson'))"
                     ".map(f => f.status)")
    assert faces == ["loaded"], f"Crimson Pro: {faces}"
    drawn = rendered_fonts(visit.page, '.cl-note-text[lang="en"]')
    assert set(drawn) <= {"Crimson Pro", "Amiri"}, f"English notes drawn with {drawn}"
    assert drawn.get("Crimson Pro", 0) > drawn.get("Amiri", 0), drawn


# ----------------------------------------------------------- tooltips and paragraph links


def test_terms_have_tooltips(open_page: OpenPage) -> None:
    visit = open_page(ARTICLE)
    terms = visit.js("[...document.querySelectorAll('.cl-text a.cl-term')].map(a => "
                     "[a.textContent, document.getElementById(a.getAttribute('aria-describedby'))"
                     "?.querySelector('.cl-gloss-text')?.textContent])")
    assert terms, "no glossary terms in the article text"
    untitled = [text for text, definition in terms if not (definition or "").strip()]
    assert not untitled, f"terms without a definition: {untitled}"

    # The popover shows the definition as text (annotations.js, textContent). Material's
    # `content.tooltips` must stay off: it renders titles as HTML (see SECURITY.md).
    features = visit.js("JSON.parse(document.getElementById('__config').textContent).features")
    assert "content.tooltips" not in features
    first = visit.page.locator(".cl-text a.cl-term").first
    first.hover()
    popover = visit.js("(() => { const p = document.getElementById('cl-popover'); "
                       "return p && !p.hidden ? p.textContent : null; })()")
    assert popover and terms[0][1] in popover, f"hover shows {popover!r}"


def test_paragraph_number_targets_paragraph(open_page: OpenPage) -> None:
    visit = open_page(ARTICLE)
    visit.page.locator("#p3 > a.cl-pnum").click()
    assert visit.js("location.hash") == "#p3"
    assert visit.js("document.querySelector(':target')?.id") == "p3"
    highlight = computed(visit, "#p3 > .cl-source", "background-color")
    assert highlight not in ("rgba(0, 0, 0, 0)", "transparent"), "targeted paragraph not marked"


def test_fragment_scrolls_paragraph_into_view(open_page: OpenPage) -> None:
    visit = open_page(ARTICLE + "#p5")
    top = visit.js("document.getElementById('p5').getBoundingClientRect().top")
    header = visit.js("document.querySelector('.md-header').getBoundingClientRect().bottom")
    assert visit.js("scrollY") > 0, "page did not scroll"
    assert 0 <= top < DESKTOP[1], f"#p5 is at {top}px, outside the viewport"
    assert top >= header - 1, f"#p5 ({top}px) is hidden under the header ({header}px)"


# --------------------------------------------------------------------------------- links

LINKS = [  # (from page, link selector, what the page it leads to must contain)
    (ARTICLE, ".cl-text a.cl-entity[href$='/people/sergey-lavrov/']",
     "[data-entity-id='sergey-lavrov']"),
    (ARTICLE, ".cl-text a.cl-term[href$='/glossary/strategic-dialogue/']",
     "[data-term-id='strategic-dialogue']"),
    (ARTICLE, ".cl-topics a[href$='/topics/dprk-russia-relations/']",
     "[data-topic-id='dprk-russia-relations']"),
    (ARTICLE, ".cl-prevnext a.cl-year", ".cl-year-page"),
    (PAGES["person"], f".cl-article-list a[href*='{ARTICLE_ID}']",
     f"[data-article-id='{ARTICLE_ID}']"),
    (PAGES["topic"], f".cl-article-list a[href*='{ARTICLE_ID}']",
     f"[data-article-id='{ARTICLE_ID}']"),
    (PAGES["year"], f".cl-article-list a[href*='{ARTICLE_ID}']",
     f"[data-article-id='{ARTICLE_ID}']"),
    (PAGES["timeline"], ".cl-years a[href='2025/']", ".cl-year-page"),
    (PAGES["people-index"], "a.cl-entity[href='sergey-lavrov/']",
     "[data-entity-id='sergey-lavrov']"),
    (PAGES["glossary-index"], "a.cl-term[href='strategic-dialogue/']",
     "[data-term-id='strategic-dialogue']"),
    (PAGES["topics-index"], "a[href='dprk-russia-relations/']",
     "[data-topic-id='dprk-russia-relations']"),
    ("", ".cl-counts a[href='timeline/']", ".cl-timeline"),
    ("", ".cl-counts a[href='people/']", ".cl-people-index"),
    ("", ".cl-counts a[href='glossary/']", ".cl-glossary-index"),
    ("", ".cl-counts a[href='topics/']", ".cl-topics-index"),
]


@pytest.mark.parametrize(("start", "link", "expected"), LINKS,
                         ids=[f"{start or 'home'}->{expected}" for start, _, expected in LINKS])
def test_link_leads_to_page(open_page: OpenPage, start: str, link: str, expected: str) -> None:
    visit = open_page(start)
    anchor = visit.page.locator(link).first
    assert anchor.count() == 1, f"{start or 'home'}: no link {link}"
    with visit.page.expect_navigation() as navigation:
        anchor.click()
    response = navigation.value
    assert response is not None and response.status == 200, f"{link}: {response}"
    assert visit.page.locator(expected).count() == 1, f"{visit.page.url} lacks {expected}"
    assert not visit.errors, visit.errors


def test_term_use_links_to_paragraph(open_page: OpenPage) -> None:
    visit = open_page(PAGES["term"])
    anchor = visit.page.locator(f".cl-uses a.cl-paragraph-link[href*='{ARTICLE_ID}']").first
    href = anchor.get_attribute("href") or ""
    match = re.search(r"#(p\d+)$", href)
    assert match, f"term use links to {href!r}, not to a paragraph"
    with visit.page.expect_navigation() as navigation:
        anchor.click()
    response = navigation.value
    assert response is not None and response.status == 200
    assert visit.page.locator(f"[data-article-id='{ARTICLE_ID}']").count() == 1
    assert visit.js("document.querySelector(':target')?.id") == match.group(1)
    uses = visit.page.locator(f"#{match.group(1)} a.cl-term[href$='/glossary/strategic-dialogue/']")
    assert uses.count() >= 1, f"paragraph {match.group(1)} does not use the term"


# --------------------------------------------------------- errors, requests, accessibility


@pytest.mark.parametrize("kind", list(PAGES))
def test_no_errors_and_no_foreign_requests(open_page: OpenPage, kind: str) -> None:
    visit = open_page(PAGES[kind])
    visit.page.mouse.wheel(0, 2000)  # let scroll-driven scripts (header, back-to-top) run
    visit.page.wait_for_timeout(200)
    assert not visit.errors, f"{kind}: " + "\n".join(visit.errors)
    assert visit.requests, "no requests recorded"
    outside = foreign_requests(visit.requests)
    assert not outside, f"{kind} requests leave 127.0.0.1: {outside}"


@pytest.mark.parametrize("kind", list(PAGES))
def test_no_serious_accessibility_violations(open_page: OpenPage, kind: str) -> None:
    visit = open_page(PAGES[kind])
    visit.page.add_script_tag(path=AXE_SCRIPT)
    violations = visit.js("axe.run(document, {resultTypes: ['violations']})"
                          ".then(r => r.violations)")
    serious = []
    for violation in violations:
        violation["nodes"] = [node for node in violation["nodes"]
                              if (violation["id"], " ".join(node["target"])) not in AXE_KNOWN]
        if violation["nodes"] and violation["impact"] in ("serious", "critical"):
            serious.append(violation)
    report = "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']}\n    "
        + "\n    ".join(" ".join(node["target"]) for node in v["nodes"][:5])
        for v in serious)
    assert not serious, f"{kind}:\n{report}"


# ---------------------------------------------------------------------------- screenshots


@pytest.mark.parametrize("kind", list(PAGES))
def test_screenshot(open_page: OpenPage, kind: str) -> None:
    visit = open_page(PAGES[kind])
    overflow = sideways_overflow(visit)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    visit.page.screenshot(path=SCREENSHOTS / f"{kind}.png", full_page=True)
    assert not overflow, f"{kind} scrolls sideways:\n" + "\n".join(overflow)


def test_screenshot_article_mobile(open_page: OpenPage) -> None:
    visit = open_page(ARTICLE, size=MOBILE)
    overflow = sideways_overflow(visit)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    visit.page.screenshot(path=SCREENSHOTS / "article-mobile.png", full_page=True)
    assert not overflow, "article scrolls sideways on a phone:\n" + "\n".join(overflow)


# ------------------------------------------------------------------------------ fidelity


def test_article_text_is_the_source_character_for_character(
        open_page: OpenPage, built_repo: pipeline.Paths) -> None:
    source = (built_repo.collection / ARTICLE_TEXT).read_bytes().decode("utf-8")
    visit = open_page(ARTICLE)
    blocks = visit.js("[...document.querySelectorAll('.cl-source')].map(e => "
                      "[+e.dataset.sourceStart, +e.dataset.sourceEnd, e.textContent])")
    assert blocks, "no .cl-source blocks"
    for start, end, shown in blocks:
        expected = source[start:end]
        if shown != expected:
            at = next((i for i, (a, b) in enumerate(zip(shown, expected, strict=False))
                       if a != b), min(len(shown), len(expected)))
            pytest.fail(f"block {start}-{end} differs at character {start + at}: "
                        f"shown {shown[at:at + 20]!r}, source {expected[at:at + 20]!r}")

    covered = 0
    for start, end, _ in sorted(blocks):
        gap = source[covered:start]
        assert start >= covered, f"block {start}-{end} overlaps the one before"
        assert set(gap) <= {"\n"}, f"characters {covered}-{start} not shown: {gap!r}"
        covered = end
    assert set(source[covered:]) <= {"\n"}, f"text after {covered} not shown"
