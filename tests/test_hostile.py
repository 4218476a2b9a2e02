"""Text is never markup: hostile strings in texts, sidecars and registries stay text."""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Dialog

from build_tools import pipeline
from build_tools.links import check_site
from tests.conftest import build, make_repo
from tests.html import parse
from tests.support.browser import SearchBox

pytestmark = pytest.mark.slow  # builds sites of hostile input

# Each must appear on the page literally, and none may become markup or run.
HOSTILE = [
    '<script>alert("s")</script>',
    '<img src=x onerror=alert("i")>',
    "*emphasis*",
    "# heading",
    "[link](javascript:alert('l'))",
    '{: onclick="alert(\'a\')" }',
    "&amp; &lt;b&gt;",
    "{{ jinja }} {% raw %}",
    '" onmouseover="alert(\'q\')',
    "--8<-- \"/etc/passwd\"",
]
LINE = " ".join(HOSTILE)

TEXT = "\n".join([f"عنوان {LINE}", "", f"الفقرة الأولى {LINE}", "", f"الفقرة الثانية {LINE}"])


def _yaml(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


SIDECAR = f"""date: "2025-01-02"
language: ar
source:
  publisher: {_yaml(LINE)}
  section: {_yaml(LINE)}
summary:
  ar: {_yaml("ملخص " + LINE)}
  en: {_yaml("Summary " + LINE)}
participants:
  - id: evil-person
    role:
      en: {_yaml(LINE)}
      ar: {_yaml("دور " + LINE)}
    forms: [{_yaml('<script>alert("s")</script>')}]
glossary:
  - term: evil-term
    quote: {_yaml("*emphasis*")}
notes:
  - quote: {_yaml("الفقرة الثانية")}
    text:
      en: {_yaml(LINE)}
      ar: {_yaml("ملاحظة " + LINE)}
topics: [evil-topic]
"""

ENTITY = f"""kind: person
names:
  en: {_yaml("Evil " + LINE)}
  ar: {_yaml("شرير " + LINE)}
aliases: [{_yaml(LINE)}]
description:
  en: {_yaml(LINE)}
"""

TERM = f"""names:
  en: {_yaml("Term " + LINE)}
definition:
  en: {_yaml(LINE)}
  ar: {_yaml(LINE)}
"""

TOPIC = f"""names:
  ar: {_yaml(LINE)}
description:
  en: {_yaml(LINE)}
"""


@pytest.fixture(scope="module")
def hostile_repo(tmp_path_factory: pytest.TempPathFactory) -> pipeline.Paths:
    collection = tmp_path_factory.mktemp("hostile") / "collection"
    files = {
        "articles/2025/2025-01-02-hostile.txt": TEXT,
        "articles/2025/2025-01-02-hostile.yml": SIDECAR,
        "people/evil-person.yml": ENTITY,
        "glossary/evil-term.yml": TERM,
        "topics/evil-topic.yml": TOPIC,
    }
    for name, content in files.items():
        (collection / name).parent.mkdir(parents=True, exist_ok=True)
        (collection / name).write_text(content, "utf-8")
    paths = make_repo(collection.parent / "repo", collection)
    build(paths)
    shutil.rmtree(collection)
    return paths


def _pages(paths: pipeline.Paths) -> list[Path]:
    return sorted(p for p in paths.site.rglob("index.html") if "about" not in p.parts)


def test_hostile_strings_appear_literally_and_create_no_markup(
        hostile_repo: pipeline.Paths) -> None:
    for html in _pages(hostile_repo):
        page = parse(html.read_text("utf-8"))
        body = page.find_all(cls="cl-page")
        assert body, html
        for element in body[0].iter():
            assert element.tag not in {"script", "img", "em", "strong", "iframe"}
            assert not any(name.startswith("on") for name in element.attrs), (html, element)
            assert not element.attrs.get("href", "").startswith("javascript:"), html
        for element in page.iter():
            assert "alert(" not in "".join(
                c for c in element.children if isinstance(c, str)) or element.tag != "script"
    article = parse((hostile_repo.site / "articles/2025/2025-01-02-hostile/index.html")
                    .read_text("utf-8"))
    text = article.find_all(cls="cl-page")[0].text
    for needle in HOSTILE:
        assert needle in text, f"{needle!r} is not shown literally"
    assert not article.find_all("em") and not article.find_all("h1", cls=None)[1:]


@pytest.mark.browser
def test_nothing_hostile_runs_in_a_browser(hostile_repo: pipeline.Paths, browser: Browser,
                                           serve_site: object) -> None:
    base = serve_site(hostile_repo.site)  # type: ignore[operator]
    page = browser.new_page()
    dialogs: list[str] = []
    errors: list[str] = []

    def on_dialog(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("pageerror", lambda error: errors.append(str(error)))
    # Any console message at all: injected code would speak here, the site itself never does.
    page.on("console", lambda message: errors.append(f"console {message.type}: {message.text}"))
    for html in _pages(hostile_repo):
        url = base + html.parent.relative_to(hostile_repo.site).as_posix() + "/"
        page.goto(url.replace("/./", "/"))
        for link in page.locator(".cl-page a").all()[:40]:
            link.hover()
            page.wait_for_timeout(20)
        assert not dialogs, f"{url}: a dialog opened: {dialogs}"
        assert not errors, f"{url}: {errors}"
        assert page.title().count("<script>") <= 1
    page.goto(base)
    for query in ("الفقرة", "alert", "script", "emphasis", "onerror"):
        found = SearchBox(page).search(query)
        assert found, f"searching {query!r} found no page: the search was not exercised"
        page.wait_for_timeout(200)
        assert not dialogs, f"searching {query!r} ran injected code: {dialogs}"
        assert not errors, f"searching {query!r}: {errors}"
    page.close()
    hosts = {urlsplit(url).hostname or "" for url in requests if not url.startswith("data:")}
    assert hosts == {"127.0.0.1"}, f"requests left 127.0.0.1: {sorted(hosts)}"


def test_hostile_site_links_all_resolve(hostile_repo: pipeline.Paths) -> None:
    assert check_site(hostile_repo.site) == []
