# ruff: noqa: RUF001  # Arabic letters are the subject here, not look-alikes of Latin ones.
"""`python -m build_tools new`: an unseen article in, a sidecar pre-filled from the registries."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from build_tools import pipeline
from build_tools.__main__ import main
from build_tools.read import read_yaml
from build_tools.scaffold import new as scaffold
from build_tools.scaffold import templating

from .conftest import digest, make_repo

NBSP = "\u00a0\u00a0 "
# Written for this test, in KCNA's layout: names under clitics (وبوتين, لبوتين, للاتحاد
# الروسي), in other spellings (كيم جونغ أون, where the seed text has كيم جونغ وون), by
# alias alone (لافروف), glossary terms under clitics (بعلاقات ...), and one name the
# registries do not know (وانغ يا جيون, China's ambassador).
ARTICLE = "\n".join([
    "/ أخبار دولية",
    "كيم جونغ أون يستقبل مجددا وزير الخارجية للاتحاد الروسي",
    f"{NBSP}في يوم 3 من أيلول/ سبتمبر 2025، استقبل الزعيم كيم جونغ أون وزير الخارجية سيرغي "
    "لافروف في بيونغ يانغ، بحضور السفير الصيني وانغ يا جيون.",
    f"{NBSP}وقال لافروف إن الحوار الاستراتيجي بين البلدين يتعمق، ونقل تحية الرئيس فلاديمير "
    "بوتين.",
    f"{NBSP}وأكد الجانبان تمسكهما بعلاقات الشراكة الاستراتيجية الشاملة، وتبادل كيم جونغ أون "
    "وبوتين الرسائل بشأن الأزمة الأوكرانية، متمنيا لبوتين ولشعب روسيا النجاح.",
])
UNDATED = "عنوان بلا تاريخ\n\nقال سيرغي لافروف إن الحوار الاستراتيجي مستمر.\n"
ID = "2025-09-03-kim-jong-un-sergey-lavrov"

EXPECTED_PARTICIPANTS = {
    "kim-jong-un": ["كيم جونغ أون"],
    "sergey-lavrov": ["سيرغي لافروف", "لافروف"],
    "vladimir-putin": ["فلاديمير بوتين", "وبوتين", "لبوتين"],
}
EXPECTED_MENTIONS = {"russian-federation": ["للاتحاد الروسي", "روسيا"]}
EXPECTED_GLOSSARY = [
    ("strategic-dialogue", "الحوار الاستراتيجي"),
    ("comprehensive-strategic-partnership", "بعلاقات الشراكة الاستراتيجية الشاملة"),
    ("ukrainian-crisis", "الأزمة الأوكرانية"),
]


@pytest.fixture()
def repo(tmp_path: Path) -> pipeline.Paths:
    return make_repo(tmp_path / "repo")


def write_text(folder: Path, text: str, name: str = "article.txt") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(text.encode("utf-8"))
    return path


def run_new(paths: pipeline.Paths, *args: str | Path) -> int:
    return main(["--root", str(paths.root), "new", *map(str, args)])


def sidecar_value(path: Path) -> dict[str, object]:
    record, problems = read_yaml(path.name, path.read_bytes())
    assert record is not None and not problems, problems
    assert isinstance(record.value, dict)
    return record.value


def fill_todos(sidecar: Path) -> None:
    """What the contributor writes: the summary, and each participant's role."""
    text = sidecar.read_text("utf-8")
    text = re.sub(r"(?m)^# TODO: summary:.*$",
                  'summary:\n  ar: "استقبل كيم جونغ أون لافروف."\n'
                  '  en: "Kim Jong Un received Lavrov."', text)
    text = re.sub(r"(?m)^    # TODO: role:.*$",
                  '    role:\n      ar: "مشارك"\n      en: "Participant"', text)
    sidecar.write_text(text, "utf-8")


def test_new_lists_every_known_name_with_its_quote(
        repo: pipeline.Paths, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = write_text(tmp_path / "incoming", ARTICLE)

    assert run_new(repo, source) == 0

    folder = repo.collection / "articles" / "2025"
    text_file, sidecar = folder / f"{ID}.txt", folder / f"{ID}.yml"
    assert text_file.read_bytes() == source.read_bytes()
    lines = sidecar.read_text("utf-8").splitlines()
    assert lines[0] == scaffold.SCHEMA_LINE
    value = sidecar_value(sidecar)
    assert value["date"] == "2025-09-03"
    assert value["language"] == "ar"
    assert value["source"] == {"publisher": scaffold.KCNA_PUBLISHER, "section": "أخبار دولية"}
    participants = {p["id"]: p["forms"] for p in value["participants"]}  # type: ignore[attr-defined]
    mentions = {m["id"]: m["forms"] for m in value["mentions"]}  # type: ignore[attr-defined]
    glossary = [(g["term"], g["quote"]) for g in value["glossary"]]  # type: ignore[attr-defined]
    # Everything known is there, in text order, and nothing else: not the unknown name.
    assert participants == EXPECTED_PARTICIPANTS
    assert mentions == EXPECTED_MENTIONS
    assert glossary == EXPECTED_GLOSSARY
    assert "وانغ" not in sidecar.read_text("utf-8")
    for quotes in [*participants.values(), *mentions.values()]:
        assert all(quote in ARTICLE for quote in quotes)
    assert "summary" not in value and all("role" not in p for p in value["participants"])  # type: ignore[attr-defined]

    printed = capsys.readouterr().out
    for id, quotes in [*EXPECTED_PARTICIPANTS.items(), *EXPECTED_MENTIONS.items()]:
        for quote in quotes:
            assert re.search(rf"{id}: «{quote}» at \d+:\d+", printed), (id, quote)
    for term, quote in EXPECTED_GLOSSARY:
        assert f"{term}: «{quote}» at" in printed
    assert "summary" in printed and "role of vladimir-putin" in printed


def test_check_fails_on_the_todos_until_they_are_written(
        repo: pipeline.Paths, tmp_path: Path) -> None:
    assert run_new(repo, write_text(tmp_path / "incoming", ARTICLE)) == 0
    sidecar = repo.collection / "articles" / "2025" / f"{ID}.yml"

    messages = [d.message for d in pipeline.check(repo).diagnostics if d.is_error]
    assert "missing required field `summary` in the file" in messages
    assert messages.count("missing required field `role` in participants[0]") == 1
    assert len(messages) == 1 + len(EXPECTED_PARTICIPANTS)

    fill_todos(sidecar)
    result = pipeline.check(repo)
    assert result.ok, [d.message for d in result.diagnostics]
    assert result.collection is not None
    article = next(a for a in result.collection.articles if a.id == ID)
    linked = {a.target for a in article.annotations}
    assert linked >= {*EXPECTED_PARTICIPANTS, *EXPECTED_MENTIONS,
                      *(term for term, _ in EXPECTED_GLOSSARY)}


def test_new_never_overwrites(repo: pipeline.Paths, tmp_path: Path,
                              capsys: pytest.CaptureFixture[str]) -> None:
    source = write_text(tmp_path / "incoming", ARTICLE)
    assert run_new(repo, source) == 0
    sidecar = repo.collection / "articles" / "2025" / f"{ID}.yml"
    sidecar.write_text(sidecar.read_text("utf-8") + "# edited by hand\n", "utf-8")
    before = sidecar.read_bytes()
    capsys.readouterr()

    assert run_new(repo, source) == 1

    out = capsys.readouterr().out
    assert f"collection/articles/2025/{ID}.txt:1:1: error: file already exists" in out
    assert "hint:" in out
    assert sidecar.read_bytes() == before


def test_a_text_without_a_date_needs_date(repo: pipeline.Paths, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    source = write_text(tmp_path / "incoming", UNDATED)

    assert run_new(repo, source) == 1
    out = capsys.readouterr().out
    assert "error: the text states no publication date [no-date]" in out
    assert "--date YYYY-MM-DD" in out
    assert not list((repo.collection / "articles").rglob("*sergey-lavrov*"))

    assert run_new(repo, source, "--date", "2024-11-01", "--id", "lavrov-dialogue") == 0
    folder = repo.collection / "articles" / "2024"
    value = sidecar_value(folder / "2024-11-01-lavrov-dialogue.yml")
    assert value["date"] == "2024-11-01"
    assert "source" not in value  # a plain text says nothing of its publisher: a TODO
    assert "# TODO: source:" in (folder / "2024-11-01-lavrov-dialogue.yml").read_text("utf-8")
    assert "could not decide" in capsys.readouterr().out


def test_a_day_and_month_without_a_year_need_date(
        repo: pipeline.Paths, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    seed = next((repo.collection / "articles").rglob("*.txt")).read_bytes()
    source = tmp_path / "seed.txt"
    source.write_bytes(seed + "، وغير ذلك.".encode())  # not the very text the seed is

    assert run_new(repo, source) == 1
    out = capsys.readouterr().out
    assert "seed.txt:3:11: error: the text says 12 July («12 من تموز/ يوليو») but not the year" \
        in out
    assert "--date YYYY-07-12" in out

    assert run_new(repo, source, "--date", "2025-07-12", "--id", "kim-lavrov-again") == 0
    assert "the year 2025 is taken from --date" in capsys.readouterr().out


@pytest.mark.parametrize("bad_id", ["كيم-لافروف", "Kim_Lavrov", "2025-07-13-kim"])
def test_ids_are_ascii_and_start_with_the_date(
        repo: pipeline.Paths, tmp_path: Path, bad_id: str,
        capsys: pytest.CaptureFixture[str]) -> None:
    source = write_text(tmp_path / "incoming", ARTICLE)
    before = digest(repo.collection)
    assert run_new(repo, source, "--id", bad_id) == 1
    assert "error: --id" in capsys.readouterr().out
    assert digest(repo.collection) == before  # nothing written, under any name


def test_problems_are_messages_not_tracebacks(
        repo: pipeline.Paths, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_new(repo, tmp_path / "missing.txt") == 1
    assert "missing.txt:1:1: error: cannot read file" in capsys.readouterr().out
    crlf = write_text(tmp_path, ARTICLE.replace("\n", "\r\n"), "crlf.txt")
    assert run_new(repo, crlf) == 1
    assert "CR LF (Windows) line endings" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        run_new(repo, crlf, "--date", "12/07/2025")
    assert "is not a date: write it as YYYY-MM-DD" in capsys.readouterr().err


def test_a_text_already_in_place_gets_its_sidecar(repo: pipeline.Paths) -> None:
    """`check` tells a contributor with a lone text to run `new` on it: that works."""
    folder = repo.collection / "articles" / "2025"
    text = write_text(folder, ARTICLE, "2025-09-03-lavrov-returns.txt")
    assert run_new(repo, text) == 0
    assert text.read_bytes() == ARTICLE.encode("utf-8")
    assert (folder / "2025-09-03-lavrov-returns.yml").exists()


@pytest.mark.parametrize(("text", "expected"), [
    ("في يوم 12 من تموز/ يوليو، التقى", (12, 7, None)),
    ("في ١٢ تموز ٢٠٢٥ التقى", (12, 7, 2025)),
    ("يوم 1 يناير عام 2024", (1, 1, 2024)),
    ("في 30 من تشرين الثاني/ نوفمبر", (30, 11, None)),
    ("في حزيران/ يونيو عام 2024 و 31 من شباط", None),  # no day; 31 February is no date
    ("صدر العدد 12 من المجلة", None),
])
def test_stated_dates(text: str, expected: tuple[int, int, int | None] | None) -> None:
    found = scaffold.stated_date(text)
    assert (found and (found.day, found.month, found.year)) == expected


@settings(max_examples=300)  # fixed seed: the "fixed" profile (conftest.py)
@given(st.text(max_size=40))
@example("\U000e0001 tag character, outside the Basic Multilingual Plane")
def test_quoted_values_read_back_unchanged(value: str) -> None:
    record, problems = read_yaml("x.yml", f"value: {templating.yaml_scalar(value)}\n".encode())
    assert not problems and record is not None
    assert record.value["value"] == value


def test_parse_date() -> None:
    assert scaffold.parse_date("2025-07-12") == dt.date(2025, 7, 12)
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        scaffold.parse_date("2025-7-12")


def test_new_does_not_copy_a_text_the_collection_holds_already(
        repo: pipeline.Paths, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The first `new` chose an id; run again with --id, it would copy the text twice."""
    source = write_text(tmp_path / "incoming", ARTICLE)
    assert run_new(repo, source) == 0
    capsys.readouterr()
    before = digest(repo.collection)

    assert run_new(repo, source, "--id", "another-name") == 1

    out = capsys.readouterr().out
    assert f"collection/articles/2025/{ID}.txt:1:1: error: this text is in the collection " \
           f"already, as {ID} [text-exists]" in out
    assert "rename both of its files" in out
    assert digest(repo.collection) == before
