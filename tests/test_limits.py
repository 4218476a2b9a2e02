"""One notion of valid: whatever `check` accepts within the format's limits, `build` builds;
one past a limit is an error from `check`, at its line.

The limits (docs/about/format.md): dates from 0001-01-01 to 9999-12-31, ids of at most 100
characters, quotes of at most 1,000, and a bound on each list of a sidecar.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from build_tools import pipeline
from build_tools.config import Site
from build_tools.read import KCNA_INDENT
from build_tools.validate import MAX_ID_LENGTH
from tests.conftest import ROOT, SEED, SEED_ARTICLE, make_repo
from tests.support import worst_sidecar

SCHEMAS = ROOT / "build_tools" / "schemas"
TEXT, SIDECAR = SEED / f"{SEED_ARTICLE}.txt", SEED / f"{SEED_ARTICLE}.yml"
PERSON = "sergey-lavrov"
QUOTE = worst_sidecar.QUOTE  # the longest quote the schema allows


LONG_PARAGRAPH = " ".join(f"كلمة{n}" for n in range(300))  # 2,000 letters and more


def _place(paths: pipeline.Paths, date: dt.date, slug: str, person: str,
           quote_length: int = 0) -> str:
    """Move the seed article to `date` under `slug`, rename a person it names to `person`
    and, with a `quote_length`, add a paragraph and a glossary quote of that length from
    it; the article's id."""
    article = f"{date.isoformat()}-{slug}"
    shutil.rmtree(paths.collection / "articles")
    folder = paths.collection / "articles" / f"{date.year:04d}"
    folder.mkdir(parents=True)
    text = TEXT.read_text("utf-8")
    sidecar = SIDECAR.read_text("utf-8").replace('date: "2025-07-12"',
                                                 f'date: "{date.isoformat()}"')
    if quote_length:
        text += f"\n{KCNA_INDENT}{LONG_PARAGRAPH}"
        quote = LONG_PARAGRAPH[-quote_length:]  # ends the text: found once
        sidecar = sidecar.replace("glossary:\n", f"glossary:\n  - term: new-era\n    quote: "
                                  f"{json.dumps(quote, ensure_ascii=False)}\n")
    (folder / f"{article}.txt").write_bytes(text.encode("utf-8"))
    (folder / f"{article}.yml").write_text(sidecar.replace(f"id: {PERSON}\n", f"id: {person}\n"),
                                           "utf-8")
    people = paths.collection / "people"
    (people / f"{PERSON}.yml").rename(people / f"{person}.yml")
    return article


EDGE_DATES = st.one_of(st.sampled_from([dt.date.min, dt.date.max, dt.date(1969, 12, 31),
                                        dt.date(2106, 2, 8)]), st.dates())
SLUGS = st.integers(1, MAX_ID_LENGTH - 11).map(lambda n: ("a" + "-b" * n)[:n].rstrip("-") or "a")
PEOPLE = st.integers(1, MAX_ID_LENGTH).map(lambda n: ("p" * n))


@pytest.mark.slow  # builds and rebuilds a site for each example
@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(date=EDGE_DATES, slug=SLUGS, person=PEOPLE, quote_length=st.integers(0, QUOTE))
@example(date=dt.date.min, slug="a" * (MAX_ID_LENGTH - 11), person="p" * MAX_ID_LENGTH,
         quote_length=QUOTE)
@example(date=dt.date.max, slug="a" * (MAX_ID_LENGTH - 11), person="p" * MAX_ID_LENGTH,
         quote_length=QUOTE)
def test_what_check_accepts_at_the_edges_builds_and_rebuilds(
        tmp_path_factory: pytest.TempPathFactory, date: dt.date, slug: str, person: str,
        quote_length: int) -> None:
    paths = make_repo(tmp_path_factory.mktemp("edge"))
    article = _place(paths, date, slug, person, quote_length)
    assert len(article) <= MAX_ID_LENGTH
    checked = pipeline.check(paths)
    assert checked.ok, [d.message for d in checked.diagnostics]
    for _ in range(2):  # a rebuild writes temporary files next to the first build's
        report = pipeline.build(paths, Site())
        assert report.ok, [d.message for d in report.diagnostics]
    page = paths.site / "articles" / f"{date.year:04d}" / article / "index.html"
    assert page.is_file()
    assert (paths.site / "people" / person / "index.html").is_file()


def _codes(paths: pipeline.Paths) -> list[tuple[str, int, str]]:
    return [(d.path, d.line, d.code) for d in pipeline.check(paths).diagnostics if d.is_error]


def test_an_id_one_past_the_limit_is_refused_at_its_file(tmp_path: Path) -> None:
    paths = make_repo(tmp_path)
    article = _place(paths, dt.date(2025, 7, 12), "a" * (MAX_ID_LENGTH - 10), PERSON)
    assert len(article) == MAX_ID_LENGTH + 1
    assert (f"collection/articles/2025/{article}.yml", 2, "bad-id") in _codes(paths)


def test_a_reference_one_past_the_limit_is_refused_at_its_line(tmp_path: Path) -> None:
    paths = make_repo(tmp_path)
    person = "p" * (MAX_ID_LENGTH + 1)
    _place(paths, dt.date(2025, 7, 12), "x", person)
    codes = _codes(paths)
    line = SIDECAR.read_text("utf-8").split("\n").index(f"  - id: {PERSON}") + 1
    assert ("collection/articles/2025/2025-07-12-x.yml", line, "too-long") in codes
    assert (f"collection/people/{person}.yml", 2, "bad-id") in codes


@pytest.mark.parametrize("date", ["0000-12-31", "10000-01-01"])
def test_a_date_past_the_range_is_refused_at_its_line(tmp_path: Path, date: str) -> None:
    paths = make_repo(tmp_path)
    sidecar = paths.collection / f"{SEED_ARTICLE}.yml"
    sidecar.write_text(sidecar.read_text("utf-8").replace('"2025-07-12"', f'"{date}"'), "utf-8")
    assert {code for path, line, code in _codes(paths) if line == 2} & {"bad-date", "bad-value"}


def test_the_limits_are_the_schema_s() -> None:
    common = json.loads((SCHEMAS / "common.schema.json").read_text("utf-8"))["$defs"]
    sidecar = json.loads((SCHEMAS / "sidecar.schema.json").read_text("utf-8"))
    assert common["id"]["maxLength"] == MAX_ID_LENGTH
    assert common["quote"]["maxLength"] == worst_sidecar.QUOTE
    assert sidecar["properties"]["glossary"]["maxItems"] == worst_sidecar.GLOSSARY
    assert sidecar["properties"]["notes"]["maxItems"] == worst_sidecar.NOTES
    assert sidecar["$defs"]["quotes"]["maxItems"] == worst_sidecar.FORMS


@pytest.mark.parametrize(("change", "code"), [
    (lambda s: s.replace('quote: "الأزمة الأوكرانية"', 'quote: "' + "ش" * 1001 + '"'),
     "too-long"),
    (lambda s: s.replace("  - id: andrei-rudenko\n", "  - id: andrei-rudenko\n    forms:\n"
                         + "".join(f'      - "f{n}"\n' for n in range(21))), "too-many"),
    (lambda s: s.replace("glossary:\n", "glossary:\n" + "  - term: new-era\n    quote: \"x\"\n"
                         * 1001), "too-many"),
])
def test_a_list_or_quote_past_its_limit_is_refused(tmp_path: Path, change: object,
                                                   code: str) -> None:
    paths = make_repo(tmp_path)
    sidecar = paths.collection / f"{SEED_ARTICLE}.yml"
    assert callable(change)
    sidecar.write_text(change(sidecar.read_text("utf-8")), "utf-8")
    assert code in {c for _path, _line, c in _codes(paths)}


@pytest.mark.slow  # checks the largest sidecar the limits allow
def test_the_worst_sidecar_is_within_the_limits_and_checked_without_a_traceback(
        tmp_path: Path) -> None:
    repo = worst_sidecar.prepare(tmp_path / "repo")
    result = pipeline.check(pipeline.Paths(repo))
    codes = {d.code for d in result.diagnostics}
    assert codes == {"quote-not-found", "quote-too-common", "quote-ambiguous"}, codes
    hints = [d.hint for d in result.diagnostics if d.code == "quote-not-found"]
    assert sum("closest passage (" in hint for hint in hints) == 20
    assert any("no closest passage searched" in hint for hint in hints)
