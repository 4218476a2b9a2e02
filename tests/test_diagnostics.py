"""The one formatter: whatever a file name, a message or a hint holds, each problem prints as
its own lines, and nothing reaches the terminal that it would act on instead of showing."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from build_tools.diagnostics import Diagnostic, format_github, format_text

TEXTS = st.text(alphabet=st.characters(codec="utf-8"), max_size=30)
OVERRIDES = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))}


def _shown(text: str) -> bool:
    return all(ch == "\t" or (unicodedata.category(ch) != "Cc" and ch not in OVERRIDES)
               for ch in text)


@given(path=TEXTS, message=TEXTS, hint=TEXTS)
def test_text_output_is_one_line_per_problem_and_hint_with_nothing_unprintable(
        path: str, message: str, hint: str) -> None:
    output = format_text([Diagnostic(path, 3, 7, "code", message, hint)])
    lines = output.split("\n")
    assert len(lines) == 1 + len(hint.splitlines())
    assert all(_shown(line) for line in lines)
    assert all(line.startswith("    hint: ") for line in lines[1:])


@given(path=TEXTS, message=TEXTS, hint=TEXTS)
def test_github_output_is_one_command_per_problem(path: str, message: str, hint: str) -> None:
    output = format_github([Diagnostic(path, 3, 7, "code", message, hint)])
    assert "\n" not in output and "\r" not in output
    assert output.startswith("::error file=") and _shown(output)


def test_a_file_name_cannot_forge_a_diagnostic_or_colour_the_terminal() -> None:
    forged = "x.yml\ncollection/people/a.yml:1:1: error: forged [x]\x1b[2J"
    output = format_text([Diagnostic(forged, 1, 1, "stray-file", "m")])
    assert output == ("x.yml\\ncollection/people/a.yml:1:1: error: forged [x]\\x1b[2J"
                      ":1:1: error: m [stray-file]")
