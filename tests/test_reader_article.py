"""The article page as a reader's edition, in Chromium: the text on the first screen,
notes numbered as a reader meets them and each reached from a marker in the text,
popovers for terms by keyboard and by touch, the switch that hides the annotations (and
is remembered on the next article), copying that copies the source alone, no sideways
scroll on the narrowest phone, no accessibility violations, and screenshots to look at.

The site is the seed collection plus one article added as a contributor would
(tests/contributions.py), so there is a next article to go to."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page

from build_tools import pipeline
from tests.conftest import ROOT, SEED_ARTICLE, build, make_repo
from tests.contributions import add_articles

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
AXE_SCRIPT = Path(str(resources.files("axe_playwright_python").joinpath("axe.min.js")))
ARTICLE = SEED_ARTICLE + "/"
DESKTOP, PHONE, NARROWEST = (1280, 900), (390, 844), (320, 640)
TERM = ".cl-source a.cl-term"


@dataclass
class Edition:
    paths: pipeline.Paths
    url: str
    source: str  # the seed article's text


@pytest.fixture(scope="module")
def edition(tmp_path_factory: pytest.TempPathFactory,
            serve_site: Callable[[Path], str]) -> Edition:
    paths = make_repo(tmp_path_factory.mktemp("edition") / "repo")
    add_articles(paths.collection, 1)
    build(paths)
    source = (paths.collection / f"{SEED_ARTICLE}.txt").read_bytes().decode("utf-8")
    return Edition(paths, serve_site(paths.site), source)


@dataclass
class Tab:
    page: Page
    errors: list[str] = field(default_factory=list)

    def js(self, expression: str, arg: Any = None) -> Any:
        return self.page.evaluate(expression, arg)


@pytest.fixture
def open_tab(edition: Edition, browser: Browser) -> Iterator[Callable[..., Tab]]:
    """Open a page of the edition's site in a fresh context (its own localStorage)."""
    contexts: list[BrowserContext] = []

    def open_(path: str = ARTICLE, *, size: tuple[int, int] = DESKTOP, touch: bool = False,
              context: BrowserContext | None = None) -> Tab:
        if context is None:
            context = browser.new_context(viewport={"width": size[0], "height": size[1]},
                                          has_touch=touch, is_mobile=touch)
            contexts.append(context)
        tab = Tab(context.new_page())
        tab.page.on("pageerror", lambda error: tab.errors.append(str(error)))
        tab.page.on("console", lambda message: tab.errors.append(message.text)
                    if message.type == "error" else None)
        tab.page.on("request", lambda request: tab.errors.append(f"foreign request {request.url}")
                    if not request.url.startswith((edition.url, "data:")) else None)
        response = tab.page.goto(edition.url + path, wait_until="networkidle")
        assert response is not None and response.status == 200
        tab.js("document.fonts.ready.then(() => true)")
        return tab

    yield open_
    for context in contexts:
        context.close()


def top_of(tab: Tab, selector: str) -> float:
    return float(tab.js("s => document.querySelector(s).getBoundingClientRect().top", selector))


def popover(tab: Tab) -> dict[str, Any]:
    return dict(tab.js("""() => { const p = document.getElementById('cl-popover');
        return {shown: !!p && !p.hidden && p.getBoundingClientRect().height > 0,
                text: p ? p.textContent : ''}; }"""))


def definition(tab: Tab, link: str) -> str:
    """The text the page holds for a link's popover (what aria-describedby names)."""
    return str(tab.js("""s => { const a = document.querySelector(s);
        return document.getElementById(a.getAttribute('aria-describedby'))
            .querySelector('.cl-gloss-text').textContent; }""", link))


# ------------------------------------------------------------------- the first screen


@pytest.mark.parametrize(("size", "screens"), [(DESKTOP, 1), (PHONE, 2)],
                         ids=["desktop", "phone"])
def test_the_text_starts_on_the_first_screens(
        open_tab: Callable[..., Tab], size: tuple[int, int], screens: int) -> None:
    tab = open_tab(size=size)
    assert top_of(tab, "#p1") < screens * size[1], "paragraph 1 starts too far down"
    # Before it: the dateline, the title and the summary's one line; no developer data.
    header = tab.js("document.querySelector('.cl-article-header').textContent")
    assert "2025-07-12-kim-jong-un-receives-lavrov" not in header
    assert tab.js("document.querySelector('.cl-dateline time').getAttribute('datetime')") \
        == "2025-07-12"
    assert "يوليو" in tab.js("document.querySelector('.cl-dateline time').textContent")
    assert tab.js("document.querySelector('.cl-dateline a.cl-permalink').getAttribute('href')") \
        == "./"
    assert not tab.errors, tab.errors


def test_the_text_column_is_comfortable(open_tab: Callable[..., Tab]) -> None:
    tab = open_tab()
    characters, height, line = tab.js("""() => {
        const p = document.querySelector('#p6 > .cl-source'), style = getComputedStyle(p);
        return [p.textContent.trim().length, p.getBoundingClientRect().height,
                parseFloat(style.lineHeight)]; }""")
    count = round(height / line)
    assert count > 2, "paragraph 6 should take several lines"
    per_line = characters / (count - 0.5)  # the last line is about half full
    assert 65 <= per_line <= 80, f"{per_line:.0f} characters a line"


def test_the_summary_is_editorial_and_arabic_first(open_tab: Callable[..., Tab]) -> None:
    tab = open_tab()
    summary = tab.js("""() => { const d = document.querySelector('details.cl-summaries');
        return {label: d.querySelector('summary').textContent.trim(),
                langs: [...d.querySelectorAll('.cl-summary')].map(s => s.lang + '/' + s.dir)}; }""")
    assert summary["label"] == "ملخص تحريري"
    assert summary["langs"] == ["ar/rtl", "en/ltr"]


# ------------------------------------------------------------------------------ notes


def test_notes_are_numbered_in_reading_order_and_each_marked_in_the_text(
        open_tab: Callable[..., Tab], edition: Edition) -> None:
    tab = open_tab()
    marks = tab.js("""() => [...document.querySelectorAll('.cl-source a.cl-note-mark')].map(m => ({
        number: +m.dataset.note, href: m.getAttribute('href'),
        quote: m.previousElementSibling.textContent,
        start: +m.closest('.cl-source').dataset.sourceStart}))""")
    notes = tab.js("""() => [...document.querySelectorAll('.cl-note')].map(n => ({id: n.id,
        number: +n.querySelector('.cl-note-back').textContent,
        quote: n.querySelector('.cl-note-head bdi').textContent}))""")
    assert marks, "no note marker in the text"
    assert [m["number"] for m in marks] == list(range(1, len(marks) + 1)), marks
    assert sorted(n["number"] for n in notes) == [m["number"] for m in marks]
    by_id = {f"#{n['id']}": n for n in notes}
    for mark in marks:
        note = by_id[mark["href"]]
        assert note["number"] == mark["number"] and note["quote"] == mark["quote"], (mark, note)
    # Reading order is the order of the quotes in the source, whatever the sidecar's.
    positions = [edition.source.index(m["quote"], m["start"]) for m in marks]
    assert positions == sorted(positions)

    for mark in marks:  # on a wide screen the marker leads to its note in the margin
        tab.page.locator(f".cl-source a.cl-note-mark[href='{mark['href']}']").click()
        assert tab.js("location.hash") == mark["href"]
        box = tab.js("s => document.querySelector(s).getBoundingClientRect().toJSON()",
                     mark["href"])
        assert box["height"] > 0 and 0 <= box["top"] < DESKTOP[1], (mark, box)
        paragraph = tab.js("s => document.querySelector(s).closest('.cl-paragraph')"
                           ".querySelector('.cl-source').getBoundingClientRect().toJSON()",
                           mark["href"])
        assert box["right"] <= paragraph["left"], "a note is not in the left margin"
    assert not tab.errors, tab.errors


def test_on_a_phone_a_marker_opens_its_note_in_place(open_tab: Callable[..., Tab]) -> None:
    tab = open_tab(size=PHONE, touch=True)
    mark = tab.page.locator(".cl-source a.cl-note-mark").first
    href = mark.get_attribute("href")
    shown = f"() => getComputedStyle(document.querySelector('{href}')).display !== 'none'"
    assert not tab.js(shown), "notes are open before they are asked for"
    mark.tap()
    assert tab.js(shown), "the marker did not open its note"
    assert mark.get_attribute("aria-expanded") == "true"
    assert tab.js("location.hash") == "", "opening a note in place left the place"
    below = tab.js(f"""() => {{ const n = document.querySelector('{href}');
        return n.getBoundingClientRect().top
            >= n.closest('.cl-paragraph').querySelector('.cl-source')
                 .getBoundingClientRect().bottom - 1; }}""")
    assert below, "the note opened somewhere else than under its paragraph"
    mark.tap()
    assert not tab.js(shown), "a second tap did not close it"
    assert not tab.errors, tab.errors


# -------------------------------------------------------------------------- popovers


def test_a_term_shows_its_definition_on_keyboard_focus(open_tab: Callable[..., Tab]) -> None:
    tab = open_tab()
    url = tab.page.url
    for _ in range(200):
        tab.page.keyboard.press("Tab")
        if tab.js(f"document.activeElement.matches('{TERM}')"):
            break
    else:
        pytest.fail("Tab never reached a glossary term")
    focused = tab.js("document.activeElement.getAttribute('data-gloss')")
    wanted = definition(tab, f"{TERM}[data-gloss='{focused}']")
    shown = popover(tab)
    assert shown["shown"] and wanted in shown["text"], shown
    tab.page.keyboard.press("Escape")
    assert not popover(tab)["shown"], "Escape did not close the popover"
    assert tab.page.url == url
    assert not tab.errors, tab.errors


def test_a_tap_on_a_term_shows_its_definition_and_stays(open_tab: Callable[..., Tab]) -> None:
    tab = open_tab(size=PHONE, touch=True)
    url = tab.page.url
    term = tab.page.locator(TERM).first
    wanted = definition(tab, TERM)
    term.tap()
    tab.page.wait_for_timeout(100)
    assert tab.page.url == url, "a tap on a term left the page"
    shown = popover(tab)
    assert shown["shown"] and wanted in shown["text"], shown
    width = tab.js("document.getElementById('cl-popover').getBoundingClientRect().toJSON()")
    assert width["left"] >= 0 and width["right"] <= PHONE[0], width
    tab.page.keyboard.press("Escape")
    assert not popover(tab)["shown"], "Escape did not close the popover"
    term.tap()  # the popover's own link leads to the term's page
    with tab.page.expect_navigation():
        tab.page.locator("#cl-popover a").tap()
    assert tab.page.locator("[data-term-id]").count() == 1
    assert not tab.errors, tab.errors


def test_people_in_the_text_have_popovers_too(open_tab: Callable[..., Tab]) -> None:
    tab = open_tab()
    person = tab.page.locator(".cl-source a.cl-entity[href$='/people/sergey-lavrov/']").first
    person.hover()
    shown = popover(tab)
    assert shown["shown"] and "لافروف" in shown["text"], shown
    tab.page.mouse.move(5, 5)
    tab.page.wait_for_timeout(500)
    assert not popover(tab)["shown"], "the popover outstayed the pointer"


# ------------------------------------------------------------------------ the switch


def test_the_switch_hides_the_annotations_and_is_remembered(
        open_tab: Callable[..., Tab]) -> None:
    tab = open_tab()
    switch = tab.page.locator(".cl-annotations-switch")
    box = switch.bounding_box()
    assert box and box["width"] >= 44 and box["height"] >= 44, box
    assert switch.get_attribute("aria-checked") == "true"
    switch.focus()
    tab.page.keyboard.press("Enter")  # by keyboard
    assert switch.get_attribute("aria-checked") == "false"
    hidden = """() => ({
        marks: getComputedStyle(document.querySelector('.cl-source a.cl-term'))
            .textDecorationLine,
        markers: [...document.querySelectorAll('.cl-note-mark, .cl-note')]
            .every(e => getComputedStyle(e).display === 'none'),
        plain: document.documentElement.classList.contains('cl-plain')})"""
    assert tab.js(hidden) == {"marks": "none", "markers": True, "plain": True}
    tab.page.locator(TERM).first.hover(force=True)
    assert not popover(tab)["shown"], "a popover opened with the annotations off"

    with tab.page.expect_navigation():
        tab.page.locator(".cl-prevnext a.cl-next").click()  # the contributed article
    assert tab.page.url != tab.page.url.split("articles/")[0] + ARTICLE
    assert tab.page.locator(".cl-annotations-switch").get_attribute("aria-checked") == "false"
    assert tab.js("document.documentElement.classList.contains('cl-plain')")
    assert tab.js(f"getComputedStyle(document.querySelector('{TERM}')).textDecorationLine") \
        == "none"
    tab.page.locator(".cl-annotations-switch").click()
    assert tab.js(f"getComputedStyle(document.querySelector('{TERM}')).textDecorationLine") \
        == "underline"
    assert not tab.errors, tab.errors


# --------------------------------------------------------------------------- copying


def test_copying_paragraphs_copies_the_source_alone(
        open_tab: Callable[..., Tab], edition: Edition) -> None:
    tab = open_tab()
    copied = tab.js("""() => {
        const range = document.createRange();
        range.setStartBefore(document.getElementById('p1'));
        range.setEndAfter(document.getElementById('p2'));
        const selection = getSelection();
        selection.removeAllRanges(); selection.addRange(range);
        const event = new ClipboardEvent('copy', {clipboardData: new DataTransfer(),
                                                  bubbles: true, cancelable: true});
        document.dispatchEvent(event);
        return event.clipboardData.getData('text/plain'); }""")
    start = int(tab.js("+document.querySelector('#p1 > .cl-source').dataset.sourceStart"))
    end = int(tab.js("+document.querySelector('#p2 > .cl-source').dataset.sourceEnd"))
    assert copied == edition.source[start:end]
    assert tab.js("document.querySelectorAll('#p1 .cl-note, #p1 .cl-note-mark').length"), \
        "paragraph 1 should carry a note, or the test proves less than it says"


# ----------------------------------------------------- narrow screens, accessibility


def test_no_sideways_scroll_on_the_narrowest_phone(open_tab: Callable[..., Tab]) -> None:
    tab = open_tab(size=NARROWEST, touch=True)
    wide = "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    assert tab.js(wide)
    tab.page.locator("details.cl-summaries > summary").tap()
    for mark in tab.page.locator(".cl-source a.cl-note-mark").all():
        mark.tap()
    tab.page.locator(TERM).first.tap()
    assert popover(tab)["shown"]
    assert tab.js(wide), "the page scrolls sideways with the summary, notes and a popover open"


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_no_accessibility_violations(open_tab: Callable[..., Tab],
                                     size: tuple[int, int]) -> None:
    tab = open_tab(size=size)
    # Everything open: the summary, a note (in place, on a phone), a popover.
    tab.page.locator("details.cl-summaries > summary").click()
    tab.page.locator(".cl-source a.cl-note-mark").first.click()
    tab.page.locator(TERM).first.hover()
    assert popover(tab)["shown"]
    tab.page.add_script_tag(path=AXE_SCRIPT)
    violations = tab.js("axe.run(document, {resultTypes: ['violations']}).then(r => r.violations)")
    report = [f"{v['id']} ({v['impact']}): " + ", ".join(" ".join(n["target"])
                                                         for n in v["nodes"][:5])
              for v in violations]
    assert not report, "\n".join(report)


@pytest.mark.parametrize("size", [NARROWEST, PHONE, DESKTOP], ids=lambda s: str(s[0]))
def test_screenshot(open_tab: Callable[..., Tab], size: tuple[int, int]) -> None:
    tab = open_tab(size=size)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    tab.page.screenshot(path=SCREENSHOTS / f"article-edition-{size[0]}.png", full_page=True)
    tab.page.screenshot(path=SCREENSHOTS / f"article-edition-{size[0]}-first-screen.png")
    assert tab.js("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    assert not tab.errors, tab.errors
