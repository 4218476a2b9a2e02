"""Which languages are written right to left."""

from __future__ import annotations

from ..runtime.cache import memoized

RTL_LANGUAGES = frozenset({"ar", "fa", "he", "iw", "ur", "ps", "yi", "ji", "ckb", "dv", "sd", "ug"})
RTL_SCRIPTS = frozenset({"arab", "hebr", "thaa", "syrc", "nkoo", "adlm", "rohg", "mand", "samr"})


@memoized(maxsize=1 << 10)  # a collection uses a few tags, over and over
def is_rtl_language(lang: str) -> bool:
    """Whether a BCP 47 tag (ar, ar-EG, fa_IR, az-Arab) is written right to left."""
    subtags = lang.strip().lower().replace("_", "-").split("-")
    scripts = [s for s in subtags[1:] if len(s) == 4 and s.isalpha()]
    if scripts:  # an explicit script wins: ug-Cyrl is left to right, pa-Arab right to left
        return scripts[0] in RTL_SCRIPTS
    return subtags[0] in RTL_LANGUAGES
