"""What is published stays put: `check --base REF` stops a change to a published text or the
loss of a published id, and `changes --base REF` summarises a pull request.

The command-line tests commit the seed collection into a throwaway git repository, make
one change, commit it, and run the real command line against HEAD~1; the pure comparison
is tested on listings written by hand."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from build_tools.__main__ import main
from build_tools.render import markdown_code, markdown_text
from build_tools.validate import published
from build_tools.validate.published import Breach, Change, Kind, Status
from tests.conftest import ROOT, SEED_ARTICLE, make_repo
from tests.git import ENV, commit_all, git
from tests.test_check_golden import parse_output

pytestmark = pytest.mark.slow  # makes git repositories and runs git

TEXT = f"collection/{SEED_ARTICLE}.txt"
SIDECAR = f"collection/{SEED_ARTICLE}.yml"
ARTICLE_ID = SEED_ARTICLE.rsplit("/", 1)[1]


def run(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The real command line, from inside the repository, as CI runs it."""
    env = {**ENV, "PYTHONPATH": str(ROOT), "PYTHONDONTWRITEBYTECODE": "1"}
    result = subprocess.run([sys.executable, "-m", "build_tools", "--root", str(repo), *args],
                            cwd=repo, env=env, capture_output=True, text=True,
                            encoding="utf-8", timeout=120, check=False)
    assert "Traceback" not in result.stderr, result.stderr
    return result


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """The seed collection, committed; with a spare term and a spare topic no article
    uses, so that removing one breaks nothing but the rule under test."""
    root = tmp_path / "repo"
    make_repo(root)
    topic = root / "collection/topics/war-in-ukraine.yml"
    (root / "collection/topics/spare-topic.yml").write_bytes(
        topic.read_bytes().replace(b"War in Ukraine", b"A spare topic"))
    (root / "collection/glossary/spare-term.yml").write_text(
        "# yaml-language-server: $schema=../../build_tools/schemas/term.schema.json\n"
        'names:\n  en: "A spare term"\n  ar: "مصطلح احتياطي"\n'
        'definition:\n  en: "Used by no article."\n  ar: "لا يستعمله أي مقال."\n', "utf-8")
    commit_all(root, "the published collection")
    return root


def published_problems(result: subprocess.CompletedProcess[str]) -> dict[str, tuple[str, ...]]:
    """code -> the paths it is reported at, for the published-* codes only."""
    found: dict[str, tuple[str, ...]] = {}
    for problem in parse_output(result.stdout):
        if problem.code.startswith("published-"):
            found[problem.code] = (*found.get(problem.code, ()), problem.path)
    return found


def check_both_ways(repo: Path) -> tuple[subprocess.CompletedProcess[str],
                                          subprocess.CompletedProcess[str]]:
    """check --base HEAD~1 without, then with, the maintainer's flag."""
    return (run(repo, "check", "--base", "HEAD~1"),
            run(repo, "check", "--base", "HEAD~1", "--allow-published-changes"))


# ------------------------------------------------------------------ the command line


def test_one_changed_character_of_a_published_text_is_stopped(repo: Path) -> None:
    text = (repo / TEXT).read_text("utf-8")
    offset = text.index("الروسي")
    (repo / TEXT).write_text(text[:offset] + "إ" + text[offset + 1:], "utf-8")
    commit_all(repo, "a one-letter edit")

    refused, allowed = check_both_ways(repo)

    assert refused.returncode == 1
    [problem] = [p for p in parse_output(refused.stdout) if p.code == "published-text-changed"]
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    assert (problem.path, problem.line, problem.column) == (TEXT, line, column)
    assert problem.severity == "error" and ARTICLE_ID in problem.message
    assert f"git checkout HEAD~1 -- {TEXT}" in "\n".join(problem.hints)
    assert any("editorial note" in hint for hint in problem.hints)
    assert allowed.returncode == 0, allowed.stdout
    assert [p.severity for p in parse_output(allowed.stdout)] == ["warning"]
    assert "check: 0 errors, 1 warning" in allowed.stderr


def test_a_deleted_published_text_is_stopped(repo: Path) -> None:
    git(repo, "rm", "-q", TEXT)
    commit_all(repo, "the text goes, the sidecar stays")

    result = run(repo, "check", "--base", "HEAD~1")

    assert result.returncode == 1
    assert published_problems(result) == {"published-text-removed": (TEXT,)}


def test_a_renamed_person_is_stopped_unless_a_maintainer_allows_it(repo: Path) -> None:
    git(repo, "mv", "collection/people/sergey-lavrov.yml", "collection/people/sergei-lavrov.yml")
    sidecar = repo / SIDECAR
    sidecar.write_text(sidecar.read_text("utf-8").replace("sergey-lavrov", "sergei-lavrov"),
                       "utf-8")
    commit_all(repo, "a new spelling of the id")

    refused, allowed = check_both_ways(repo)

    assert refused.returncode == 1
    assert published_problems(refused) == {
        "published-id-renamed": ("collection/people/sergey-lavrov.yml",)}
    [problem] = [p for p in parse_output(refused.stdout) if p.code == "published-id-renamed"]
    assert "`sergey-lavrov` is renamed to `sergei-lavrov`" in problem.message
    assert (problem.line, problem.column) == (1, 1)
    assert any("redirect" in hint for hint in problem.hints)
    assert allowed.returncode == 0, allowed.stdout
    assert published_problems(allowed) == published_problems(refused)
    assert {p.severity for p in parse_output(allowed.stdout)} == {"warning"}


def test_a_renamed_article_is_stopped(repo: Path) -> None:
    new = "collection/articles/2025/2025-07-12-lavrov-in-pyongyang"
    git(repo, "mv", TEXT, f"{new}.txt")
    git(repo, "mv", SIDECAR, f"{new}.yml")
    commit_all(repo, "a shorter id")

    refused, allowed = check_both_ways(repo)

    assert refused.returncode == 1
    assert published_problems(refused) == {"published-id-renamed": (TEXT,)}
    hints = "\n".join(parse_output(refused.stdout)[0].hints)
    assert f"git checkout HEAD~1 -- {TEXT} {SIDECAR}" in hints
    assert allowed.returncode == 0, allowed.stdout


@pytest.mark.parametrize(("entry", "noun"), [("glossary/spare-term", "glossary term"),
                                             ("topics/spare-topic", "topic")])
def test_a_deleted_registry_entry_is_stopped(repo: Path, entry: str, noun: str) -> None:
    git(repo, "rm", "-q", f"collection/{entry}.yml")
    commit_all(repo, "an entry nobody uses")

    refused, allowed = check_both_ways(repo)

    assert refused.returncode == 1
    assert published_problems(refused) == {"published-id-removed": (f"collection/{entry}.yml",)}
    assert f"published {noun} `{entry.split('/')[1]}` is removed" in refused.stdout
    assert allowed.returncode == 0, allowed.stdout
    assert "check: 0 errors, 1 warning" in allowed.stderr


def test_an_untouched_collection_and_a_new_article_pass(repo: Path) -> None:
    commit_all(repo, "nothing")
    assert run(repo, "check", "--base", "HEAD~1").returncode == 0

    new = "collection/articles/2025/2025-07-13-another-article"
    (repo / f"{new}.txt").write_bytes((repo / TEXT).read_bytes())
    (repo / f"{new}.yml").write_text((repo / SIDECAR).read_text("utf-8").replace(
        'date: "2025-07-12"', 'date: "2025-07-13"'), "utf-8")
    sidecar = repo / SIDECAR  # and an annotation corrected: sidecars may change
    sidecar.write_text(sidecar.read_text("utf-8").replace("Host:", "The host:"), "utf-8")
    commit_all(repo, "a new article")

    result = run(repo, "check", "--base", "HEAD~1")

    assert result.returncode == 0, result.stdout
    assert result.stdout == ""


def test_uncommitted_changes_count_too(repo: Path) -> None:
    (repo / TEXT).write_bytes((repo / TEXT).read_bytes() + b" ")

    result = run(repo, "check", "--base", "HEAD")

    assert result.returncode == 1
    assert published_problems(result) == {"published-text-changed": (TEXT,)}
    assert git(repo, "status", "--porcelain") == f" M {TEXT}\n"  # nothing else touched


@pytest.mark.parametrize(("setup", "code"), [
    ("no-git-repository", "not-a-checkout"),
    ("unknown-ref", "unknown-base"),
    ("option-as-ref", "unknown-base"),
    ("no-git-program", "git-missing"),
])
def test_git_problems_are_diagnostics(tmp_path: Path, setup: str, code: str,
                                      monkeypatch: pytest.MonkeyPatch,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "repo"
    make_repo(root)
    if setup != "no-git-repository":
        commit_all(root, "the published collection")
    if setup == "no-git-program":
        monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    ref = {"unknown-ref": "no-such-branch", "option-as-ref": "--output=x"}.get(setup, "HEAD")

    exit_code = main(["--root", str(root), "check", f"--base={ref}"])

    out = capsys.readouterr().out
    [problem] = parse_output(out)
    assert exit_code == 1
    assert (problem.code, problem.path, problem.line, problem.column) == (code, ".", 1, 1)
    assert problem.hints and problem.hints[0]
    assert not (root / "x").exists()


def test_the_flag_needs_a_base(repo: Path) -> None:
    result = run(repo, "check", "--allow-published-changes")
    assert result.returncode == 2
    assert "--allow-published-changes needs --base REF" in result.stderr


# ------------------------------------------------------------------ changes


def test_changes_lists_what_a_pull_request_does(repo: Path) -> None:
    new = "collection/articles/2025/2025-07-13-another-article"
    (repo / f"{new}.txt").write_bytes((repo / TEXT).read_bytes())
    (repo / f"{new}.yml").write_bytes((repo / SIDECAR).read_bytes())
    term = repo / "collection/glossary/new-era.yml"
    term.write_text(term.read_text("utf-8") + "# a comment\n", "utf-8")
    topic = repo / "collection/topics/spare-topic.yml"
    topic.write_text(topic.read_text("utf-8").replace(
        "A spare topic", "*Spare* [topic](javascript:x) <b>|</b>"), "utf-8")
    git(repo, "rm", "-q", "collection/people/dprk.yml")
    commit_all(repo, "one of each")

    result = run(repo, "changes", "--base", "HEAD~1")

    assert result.returncode == 0, result.stderr
    summary = result.stdout
    assert summary.startswith("## Changes to the collection\n\nCompared with HEAD\\~1 (`")
    title = markdown_text((repo / TEXT).read_text("utf-8").split("\n")[1].strip())
    assert (f"| added | `2025-07-13-another-article` | {title} | "
            "`articles/2025/2025-07-13-another-article/` | "
            "`2025-07-13-another-article.txt`, `2025-07-13-another-article.yml` |") in summary
    assert "### Glossary terms: 1 modified" in summary
    assert "| modified | `new-era` |" in summary and "`glossary/new-era/`" in summary
    assert ("| removed ⚠️ **published id removed** | `dprk` |  | `people/dprk/` | "
            "`dprk.yml` |") in summary
    assert r"\*Spare\* \[topic\]\(javascript\:x\) \<b\>\|\<\/b\>" in summary
    assert "`topics/spare-topic/`" in summary
    for line in summary.splitlines():
        if line.startswith("| ") and not line.startswith("| ---"):
            # five cells, whatever a name holds
            assert len(re.findall(r"(?<!\\)\|", line)) == 6, line


def test_changes_says_when_nothing_changed(repo: Path) -> None:
    commit = git(repo, "rev-parse", "HEAD").strip()
    result = run(repo, "changes", "--base", commit)  # as CI names the base
    assert result.returncode == 0
    assert f"Compared with `{commit[:12]}`.\n" in result.stdout
    assert "No article, person, organisation, glossary term or topic" in result.stdout


def test_changes_reports_a_bad_base_on_stderr(repo: Path) -> None:
    result = run(repo, "changes", "--base", "no-such-branch")
    assert result.returncode == 1
    assert result.stdout == ""
    assert "[unknown-base]" in result.stderr


# ------------------------------------------------------------------ the pure parts


BASE = {
    "collection/articles/2025/2025-01-01-a.txt": "t1",
    "collection/articles/2025/2025-01-01-a.yml": "s1",
    "collection/articles/2025/2025-01-02-b.txt": "t2",
    "collection/articles/2025/2025-01-02-b.yml": "s2",
    "collection/people/p.yml": "p", "collection/people/q.yml": "q",
    "collection/glossary/g.yml": "g", "collection/topics/t.yml": "t",
}


def test_compare_groups_files_by_what_they_publish() -> None:
    work = {**BASE, "collection/articles/2025/2025-01-01-a.yml": "s1'",
            "collection/articles/2025/2025-01-03-c.txt": "t3",
            "collection/articles/2025/2025-01-03-c.yml": "s3",
            "collection/glossary/g.yml": "g'", "collection/README.md": "x", "docs/x.md": "y"}
    del work["collection/people/q.yml"]

    changes = published.compare(BASE, work)

    assert [(c.kind, c.id, c.status, c.page) for c in changes] == [
        (Kind.ARTICLE, "2025-01-01-a", Status.MODIFIED, "articles/2025/2025-01-01-a/"),
        (Kind.ARTICLE, "2025-01-03-c", Status.ADDED, "articles/2025/2025-01-03-c/"),
        (Kind.ENTITY, "q", Status.REMOVED, "people/q/"),
        (Kind.TERM, "g", Status.MODIFIED, "glossary/g/"),
    ]
    assert changes[0].paths == ("collection/articles/2025/2025-01-01-a.yml",)
    assert published.findings(changes, BASE, work) == (
        published.Finding(Breach.ID_REMOVED, changes[2], "collection/people/q.yml",
                          ("collection/people/q.yml",)),)


def test_a_rename_is_a_file_gone_whose_bytes_arrive_under_another_id() -> None:
    work = {k: v for k, v in BASE.items() if "/2025-01-02-b." not in k and "/p.yml" not in k}
    work |= {"collection/articles/2025/2025-01-02-c.txt": "t2",
             "collection/articles/2025/2025-01-02-c.yml": "s2",
             "collection/people/p2.yml": "p", "collection/topics/u.yml": "new"}

    found = published.findings(published.compare(BASE, work), BASE, work)

    assert [(f.breach, f.path, f.renamed_to.id if f.renamed_to else None) for f in found] == [
        (Breach.ID_RENAMED, "collection/articles/2025/2025-01-02-b.txt", "2025-01-02-c"),
        (Breach.ID_RENAMED, "collection/people/p.yml", "p2"),
    ]
    assert found[0].restore == ("collection/articles/2025/2025-01-02-b.txt",
                                "collection/articles/2025/2025-01-02-b.yml")


def test_an_article_removed_or_moved_is_an_id_gone() -> None:
    work = {k: v for k, v in BASE.items() if "/2025-01-0" not in k}
    work["collection/articles/2024/2025-01-02-b.txt"] = "t2"  # to another year's folder
    work["collection/articles/2024/2025-01-02-b.yml"] = "s2"

    found = published.findings(published.compare(BASE, work), BASE, work)

    assert [(f.breach, f.path, f.restore) for f in found] == [
        (Breach.ID_REMOVED, "collection/articles/2025/2025-01-01-a.txt",
         ("collection/articles/2025/2025-01-01-a.txt",
          "collection/articles/2025/2025-01-01-a.yml")),
        (Breach.ID_RENAMED, "collection/articles/2025/2025-01-02-b.txt",
         ("collection/articles/2025/2025-01-02-b.txt",
          "collection/articles/2025/2025-01-02-b.yml")),
    ]
    moved = published.diagnostic(found[1], "HEAD", allowed=False)
    assert moved.message == ("published article `2025-01-02-b` is moved to "
                             "collection/articles/2024/2025-01-02-b.txt")
    assert "articles/2025/2025-01-02-b/" in moved.hint


def test_findings_word_what_to_do() -> None:
    change = Change(Kind.TERM, "g", "collection/glossary/g", Status.REMOVED,
                    ("collection/glossary/g.yml",))
    finding = published.Finding(Breach.ID_REMOVED, change, "collection/glossary/g.yml",
                                ("collection/glossary/g.yml",))

    refused = published.diagnostic(finding, "origin/main", allowed=False)
    allowed = published.diagnostic(finding, "origin/main", allowed=True)

    assert refused.is_error and not allowed.is_error
    assert "git checkout origin/main -- collection/glossary/g.yml" in refused.hint
    assert "allow-published-changes" in refused.hint
    assert (refused.path, refused.code, refused.message) == (
        allowed.path, allowed.code, allowed.message)


@pytest.mark.parametrize(("old", "new", "position"), [
    ("abc\ndef", "abc\ndxf", (2, 2)),
    ("abc\ndef", "abc\ndef\n", (2, 4)),  # a final newline added
    ("abc", "", (1, 1)),
    ("سلام\nكيم جونغ", "سلام\nكيم جونع", (2, 8)),  # the last letter's second byte differs
    ("أ", "ا", (1, 1)),  # noqa: RUF001 (hamza or not: the letters are the subject)
])
def test_first_difference_counts_characters(old: str, new: str,
                                            position: tuple[int, int]) -> None:
    assert published.first_difference(old.encode(), new.encode()) == position


@given(st.text(), st.text(min_size=1))
def test_first_difference_is_where_the_texts_part(prefix: str, rest: str) -> None:
    old = prefix + rest
    new = prefix + ("x" if rest[0] != "x" else "y") + rest[1:]
    lines = prefix.split("\n")
    assert published.first_difference(old.encode(), new.encode()) == (
        len(lines), len(lines[-1]) + 1)


@given(st.text())
def test_markdown_text_is_only_text(value: str) -> None:
    shown = str(markdown_text(value))
    assert "\n" not in shown
    assert re.sub(r"\\(.)", r"\1", shown) == " ".join(value.split())
    unescaped = re.sub(r"\\.", "", shown)
    assert not re.search(r"""[!"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~]""", unescaped)


@given(st.text())
def test_markdown_code_is_one_code_span(value: str) -> None:
    shown = str(markdown_code(value))
    if not value.split():
        assert shown == ""
        return
    fence = re.match("`+", shown)
    assert fence is not None and shown.endswith(fence.group())
    inside = shown[len(fence.group()):-len(fence.group())]
    assert fence.group() not in inside and "\n" not in shown
    assert not re.search(r"(?<!\\)\|", shown)


def test_git_sees_no_write(repo: Path) -> None:
    """Both commands leave the repository as they found it: same index, same objects."""
    (repo / TEXT).write_bytes((repo / TEXT).read_bytes() + b"x")
    index = (repo / ".git/index").read_bytes()
    objects = sorted(os.listdir(repo / ".git/objects"))

    run(repo, "check", "--base", "HEAD")
    run(repo, "changes", "--base", "HEAD")

    assert (repo / ".git/index").read_bytes() == index
    assert sorted(os.listdir(repo / ".git/objects")) == objects
