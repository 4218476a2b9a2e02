"""The site's typefaces as web fonts: Amiri for Arabic (from the PyPI package
`fontpkg-amiri`) and Crimson Pro for Latin text beside it (from `fontpkg-crimson-pro`, a
book face of the same weight and colour), both under the SIL Open Font License, converted
to WOFF2 by fontTools, every table and glyph kept: well under half their TrueType size,
which each reader downloads once.

Converting takes about a second a font, so each conversion is kept in the user's cache
folder under the digest of what it depends on (the font's bytes, fontTools' and Brotli's
versions): a machine converts each font once, however many builds and tests it runs.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import brotli
import fontTools
from fontTools.ttLib import TTFont

from .. import write


@dataclass(frozen=True)
class Font:
    """A TrueType of a font package, and the name of its WOFF2 in assets/fonts/."""

    package: str  # the module of the PyPI package
    file: str  # under the package's files/
    name: str

    def truetype(self) -> bytes:
        return resources.files(self.package).joinpath("files", self.file).read_bytes()


# The faces the stylesheets use (docs/assets/stylesheets/collection.css, fonts.css).
FONTS = (Font("fontpkg_amiri", "Amiri-Regular.ttf", "Amiri-Regular"),
         Font("fontpkg_amiri", "Amiri-Bold.ttf", "Amiri-Bold"),
         Font("fontpkg_crimson_pro", "CrimsonPro[wght].ttf", "CrimsonPro"))  # every weight
# Each package's licence, beside its fonts.
LICENSES = {"fontpkg_amiri": "LICENSE", "fontpkg_crimson_pro": "LICENSE-CrimsonPro"}


def web_fonts() -> dict[str, bytes]:
    """assets/fonts/ of the site: each font as WOFF2, and the fonts' licences."""
    files = {f"assets/fonts/{name}": resources.files(package).joinpath("LICENSE").read_bytes()
             for package, name in LICENSES.items()}
    for font in FONTS:
        files[f"assets/fonts/{font.name}.woff2"] = _cached_woff2(font.truetype())
    return dict(sorted(files.items()))


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
