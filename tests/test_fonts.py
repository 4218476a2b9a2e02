"""The typeface as WOFF2: every glyph and table of the TrueType kept, the same bytes from
every conversion, and each conversion made once per machine."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from build_tools.publish import fonts

pytestmark = pytest.mark.slow  # converts the typeface to WOFF2, seconds each


def _truetype(name: str) -> bytes:
    return next(font for font in fonts.FONTS if font.name == name).truetype()


@pytest.mark.parametrize("font", fonts.FONTS, ids=lambda font: font.name)
def test_the_web_font_keeps_every_table_glyph_and_character(font: fonts.Font) -> None:
    truetype = font.truetype()
    converted = fonts.woff2(truetype)
    original, web = TTFont(io.BytesIO(truetype)), TTFont(io.BytesIO(converted))
    assert web.flavor == "woff2"
    # A digital signature (DSIG, Crimson Pro has one) signs the TrueType's bytes: no
    # re-encoding keeps it valid, and fontTools leaves it out of WOFF2, as the format asks.
    assert sorted(web.keys()) == sorted(set(original.keys()) - {"DSIG"})
    assert web.getGlyphOrder() == original.getGlyphOrder()
    assert web.getBestCmap() == original.getBestCmap()
    for table in ("GSUB", "GPOS", "GDEF", "fvar", "gvar"):  # joining, marks; every weight
        if table in original:
            assert web[table].compile(web) == original[table].compile(original), table
    assert web["head"].modified == original["head"].modified
    assert len(converted) < len(truetype) / 2


def test_converting_twice_gives_the_same_bytes() -> None:
    truetype = fonts.FONTS[0].truetype()
    assert fonts.woff2(truetype) == fonts.woff2(truetype)


def test_each_font_is_converted_once_then_read_from_the_cache(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    first = fonts.web_fonts()
    assert sorted(first) == ["assets/fonts/Amiri-Bold.woff2", "assets/fonts/Amiri-Regular.woff2",
                             "assets/fonts/CrimsonPro.woff2", "assets/fonts/LICENSE",
                             "assets/fonts/LICENSE-CrimsonPro"]
    kept = sorted(tmp_path.rglob("*.woff2"))
    assert len(kept) == len(fonts.FONTS)
    assert not [path for path in tmp_path.rglob("*") if path.name.startswith(".tmp-")]

    def not_again(_truetype: bytes) -> bytes:
        raise AssertionError("converted again although the cache holds it")

    monkeypatch.setattr(fonts, "woff2", not_again)
    assert fonts.web_fonts() == first


def test_a_cache_that_cannot_be_written_only_costs_a_conversion(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("a file where the cache folder would go")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    assert fonts.web_fonts()["assets/fonts/Amiri-Regular.woff2"] == fonts.woff2(
        _truetype("Amiri-Regular"))


def test_every_font_package_licence_is_served_beside_its_fonts() -> None:
    served = fonts.web_fonts()
    for package, name in fonts.LICENSES.items():
        assert "Open Font License" in served[f"assets/fonts/{name}"].decode("utf-8"), package
    assert {font.package for font in fonts.FONTS} == set(fonts.LICENSES)
