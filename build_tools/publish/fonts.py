"""The site's typeface as web fonts: Amiri (SIL Open Font License, from the PyPI package
`fontpkg-amiri`) converted to WOFF2 by fontTools, every table and glyph kept: a third of
its TrueType size, which each reader downloads once.

Converting takes about a second a font, so each conversion is kept in the user's cache
folder under the digest of what it depends on (the font's bytes, fontTools' and Brotli's
versions): a machine converts each font once, however many builds and tests it runs.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
from importlib import resources
from pathlib import Path

import brotli
import fontTools
from fontTools.ttLib import TTFont

from .. import write

# The weights the stylesheet uses (docs/assets/stylesheets/collection.css).
FONTS = ("Amiri-Regular", "Amiri-Bold")


def web_fonts() -> dict[str, bytes]:
    """assets/fonts/ of the site: each font as WOFF2, and the fonts' license."""
    package = resources.files("fontpkg_amiri")
    files = {"assets/fonts/LICENSE": package.joinpath("LICENSE").read_bytes()}
    for name in FONTS:
        files[f"assets/fonts/{name}.woff2"] = _cached_woff2(
            package.joinpath("files", f"{name}.ttf").read_bytes())
    return files


def woff2(truetype: bytes) -> bytes:
    """A TrueType font as WOFF2: the same tables, Brotli-compressed. The same bytes in give
    the same bytes out (the font's own timestamp is kept, not set to now)."""
    font = TTFont(io.BytesIO(truetype), recalcTimestamp=False)
    font.flavor = "woff2"
    converted = io.BytesIO()
    font.save(converted)
    return converted.getvalue()


def _cached_woff2(truetype: bytes) -> bytes:
    digest = hashlib.sha256(
        truetype + f"fontTools {fontTools.version}, Brotli {brotli.__version__}".encode()
    ).hexdigest()
    kept = _cache_folder() / f"{digest[:32]}.woff2"
    with contextlib.suppress(OSError):
        return kept.read_bytes()
    converted = woff2(truetype)
    # Never half a font, even when killed; a cache that can't be written only means
    # converting again next time.
    with contextlib.suppress(OSError):
        write.write_atomically(kept, converted)
    return converted


def _cache_folder() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "collection-build-tools" / "fonts"
