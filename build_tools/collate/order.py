# ruff: noqa: RUF002  # Arabic letters are the subject here, not look-alikes of Latin ones.
"""The order of the indexes (people, glossary, topics): Arabic alphabetical order, as an
Arabic dictionary or index sorts, whatever the spelling details.

- The article ال is not part of the order: «الاتحاد الروسي» sorts as «اتحاد روسي», under ا,
  beside «اتحاد» and before «روسيا». It is left out of every word, not only the first
  («حزب العمل الكوري» sorts as «حزب عمل كوري»), but only where it is the article: a word
  must keep two letters after it («الم» stays), and أل / إل (a hamza on the alif, as in
  «ألكسندر») are not the article and stay.
- Spelling variants sort together: the key is the search folding (arabic.fold), so the
  hamza forms sort as their carrier (أ إ آ as ا), ة as ه and diacritics and tatweel count
  for nothing. Unicode's order of the folded letters is the alphabet's (ا ب ت ث ... ن ه و ي).
- Names in other scripts (an entity with no Arabic name yet) come after the Arabic ones,
  case-insensitively.
"""

from __future__ import annotations

import re

from .. import arabic

_ARTICLE = re.compile(r"^[اٱ]ل(?=\S{2})")
_MARKS = re.compile("[\u0640\u064b-\u065f\u0670]")  # tatweel, harakat, dagger alif


def alphabetical_key(name: str) -> tuple[int, str]:
    """The sort key of a name in an index: Arabic first, the article ال ignored."""
    words = _MARKS.sub("", name).split()
    if not any("\u0600" <= ch <= "\u06ff" for ch in name):
        return 1, " ".join(words).casefold()
    return 0, " ".join(arabic.fold(_ARTICLE.sub("", word)) for word in words)
