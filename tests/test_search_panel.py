"""The search panel as a reader meets it, on a phone (320 and 390 px) and a desktop.

Legible (the body's typeface, excerpts at a reading size), inside the screen (the page
does not widen, the menu stays), closed by Escape, a click outside or its close button,
reachable by keyboard, counts worded by Arabic's plural rules, and clean for axe with
its results open. Screenshots of the open panel go to test-artifacts/screenshots/.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from importlib import resources
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext

from tests.support.browser import SearchBox

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parent.parent
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
AXE_SCRIPT = Path(str(resources.files("axe_playwright_python").joinpath("axe.min.js")))
ARTICLE = "articles/2025/2025-07-12-kim-jong-un-receives-lavrov/"
PERSON = "people/sergey-lavrov/"
WIDTHS = [320, 390, 1280]
PHONES = [320, 390]
DRAWER = "#cl-search .pagefind-ui__drawer"
PANEL_OPEN = f"() => {{ const d = document.querySelector('{DRAWER}'); " \
             "return !!d && d.getClientRects().length > 0; }"

Open = Callable[..., SearchBox]


@pytest.fixture
def panel(site_url: str, browser: Browser) -> Iterator[Open]:
    """Open a page at a width, wait for the search box; returns its SearchBox."""
    contexts: list[BrowserContext] = []

    def open_(path: str = PERSON, width: int = 1280) -> SearchBox:
        context = browser.new_context(viewport={"width": width, "height": 800 if width > 400
                                                else 700})
        contexts.append(context)
        page = context.new_page()
        page.goto(site_url + path)
        page.locator(".pagefind-ui__search-input").wait_for()
        page.evaluate("document.fonts.ready.then(() => true)")
        return SearchBox(page)

    yield open_
    for context in contexts:
        context.close()


def is_open(box: SearchBox) -> bool:
    return bool(box.page.evaluate(PANEL_OPEN))


def style(box: SearchBox, selector: str, prop: str) -> str:
    return str(box.page.evaluate(
        "([s, p]) => getComputedStyle(document.querySelector(s)).getPropertyValue(p)",
        [selector, prop]))


# ------------------------------------------------------------------------------ legible


@pytest.mark.parametrize("width", WIDTHS)
def test_results_are_set_in_the_body_face_at_a_reading_size(panel: Open, width: int) -> None:
    box = panel(width=width)
    box.search("lavrov")
    for selector in ("#cl-search .pagefind-ui__result-title",
                     "#cl-search .pagefind-ui__result-excerpt"):
        assert "Amiri" in style(box, selector, "font-family"), selector
    assert float(style(box, "#cl-search .pagefind-ui__result-excerpt", "font-size")
                 .removesuffix("px")) >= 14
    assert float(style(box, "#cl-search .pagefind-ui__result-title", "font-size")
                 .removesuffix("px")) >= 16
    assert style(box, DRAWER, "direction") == "rtl"
    drawer = box.page.locator(DRAWER).bounding_box()
    assert drawer is not None
    # Wide enough for an excerpt: min(40rem, 90vw) on a desktop, the screen on a phone.
    assert drawer["width"] >= min(800, 0.9 * width) - 1


def test_result_titles_are_arabic_with_a_readable_date(panel: Open) -> None:
    box = panel()
    box.search("وبوتين")
    titles = box.page.locator(".pagefind-ui__result-title").all_inner_texts()
    article = next(t for t in titles if "12 يوليو 2025" in t)
    assert article.startswith("التقى"), article
    assert "2025-07-12" not in " ".join(titles)


# --------------------------------------------------------------------- inside the screen


@pytest.mark.parametrize("width", PHONES)
@pytest.mark.parametrize("path", ["", PERSON])
def test_open_panel_fills_a_phone_without_widening_the_page(
        panel: Open, width: int, path: str) -> None:
    box = panel(path, width)
    box.search("lavrov")
    page = box.page
    assert page.evaluate("document.documentElement.scrollWidth") == width
    drawer = page.locator(DRAWER).bounding_box()
    assert drawer is not None
    assert drawer["x"] >= 0 and drawer["x"] + drawer["width"] <= width
    menu = page.locator("label.md-header__button[for='__drawer']").bounding_box()
    assert menu is not None, "the menu button is gone"
    assert menu["x"] >= 0 and menu["x"] + menu["width"] <= width, menu


@pytest.mark.parametrize("width", PHONES)
def test_open_panel_does_not_widen_an_article(panel: Open, width: int) -> None:
    box = panel(ARTICLE, width)
    closed = box.page.evaluate("document.documentElement.scrollWidth")
    box.search("lavrov")
    assert box.page.evaluate("document.documentElement.scrollWidth") <= max(closed, width)


# ------------------------------------------------------------------------------ closing


@pytest.mark.parametrize("width", WIDTHS)
def test_escape_closes_and_returns_to_the_field(panel: Open, width: int) -> None:
    box = panel(width=width)
    box.search("lavrov")
    page = box.page
    page.locator(".pagefind-ui__result-link").first.focus()
    page.keyboard.press("Escape")
    assert not is_open(box)
    assert page.evaluate("document.activeElement.classList.contains("
                         "'pagefind-ui__search-input')")
    assert page.locator(".pagefind-ui__search-input").input_value() == "lavrov"
    page.keyboard.press("ArrowDown")  # opens it again, on the first result
    assert is_open(box)


def test_click_outside_closes(panel: Open) -> None:
    box = panel()
    box.search("lavrov")
    box.page.mouse.click(1100, 600)  # the page's text, beside the panel
    assert not is_open(box)
    box.page.locator(".pagefind-ui__search-input").click()
    box.page.keyboard.type("x")
    box.page.wait_for_function(PANEL_OPEN)


@pytest.mark.parametrize("width", PHONES)
def test_close_button_and_the_menu_close_it_on_a_phone(panel: Open, width: int) -> None:
    box = panel(width=width)
    box.search("lavrov")
    box.page.locator(".cl-search-close").click()
    assert not is_open(box)
    box.search("lavrov")
    box.page.locator("label.md-header__button[for='__drawer']").click()
    assert not is_open(box), "a tap on the menu, outside the panel, closes it"


# ----------------------------------------------------------------------------- keyboard


@pytest.mark.parametrize("width", [390, 1280])
def test_keyboard_reaches_the_results(panel: Open, width: int) -> None:
    box = panel(width=width)
    box.search("lavrov")
    page = box.page
    first = page.locator(".pagefind-ui__result-link").first
    page.keyboard.press("ArrowDown")
    assert first.evaluate("a => a === document.activeElement")
    assert style(box, ":focus", "outline-style") != "none", "focus does not show"
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.classList.contains('pagefind-ui__result-link')")
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    assert page.evaluate("document.activeElement.classList.contains("
                         "'pagefind-ui__search-input')")
    # Tab goes through the field's buttons to the results, in order.
    for _ in range(6):
        page.keyboard.press("Tab")
        if first.evaluate("a => a === document.activeElement"):
            break
    else:
        pytest.fail("Tab does not reach the first result")


# ------------------------------------------------------------------------------- counts


COUNTS = {0: "لا نتائج لـ «\u2068x\u2069»", 1: "نتيجة واحدة لـ «\u2068x\u2069»",
          2: "نتيجتان لـ «\u2068x\u2069»", 3: "3 نتائج لـ «\u2068x\u2069»",
          10: "10 نتائج لـ «\u2068x\u2069»", 11: "11 نتيجة لـ «\u2068x\u2069»",
          99: "99 نتيجة لـ «\u2068x\u2069»", 100: "100 نتيجة لـ «\u2068x\u2069»",
          103: "103 نتائج لـ «\u2068x\u2069»"}


def test_counts_follow_arabic_plural_rules(panel: Open) -> None:
    box = panel()
    worded = box.page.evaluate(
        "counts => counts.map(n => CollectionSearch.countMessage(n, 'x'))", list(COUNTS))
    assert dict(zip(COUNTS, worded, strict=True)) == COUNTS
    message = box.page.locator(".pagefind-ui__message")
    box.search("lavrov")
    assert message.inner_text().startswith(f"{len(box.result_pages())} نتائج")
    box.search("ماتسيغورا")
    assert len(box.result_pages()) == 2
    assert message.inner_text().startswith("نتيجتان")


# ------------------------------------------------------------------- accessibility, looks


@pytest.mark.parametrize("width", WIDTHS)
def test_open_panel_passes_axe_and_is_photographed(panel: Open, width: int) -> None:
    box = panel(ARTICLE if width > 400 else PERSON, width)
    box.search("lavrov")
    page = box.page
    page.add_script_tag(path=AXE_SCRIPT)
    violations = page.evaluate("axe.run('#cl-search', {resultTypes: ['violations']})"
                               ".then(r => r.violations)")
    serious = [f"{v['id']} ({v['impact']}): {v['help']}: "
               + ", ".join(" ".join(n["target"]) for n in v["nodes"][:5])
               for v in violations if v["impact"] in ("serious", "critical")]
    assert not serious, "\n".join(serious)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"search-panel-{width}.png")
