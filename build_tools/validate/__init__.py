"""Raw records to typed models, collecting every problem on the way.

Each file is judged on its own first (YAML, schema, ids, languages), then the collection
as a whole (references between files, quotes against texts). Nothing stops at the first
problem; a model is built only from a file that has none.

- `languages`: language tags, and the languages every annotation is written in
- `registries`: people and organisations, terms, topics; ids
- `sidecar`: a sidecar's parts, each checked on its own
- `references`: ids named across files
- `schema`, `characters`: the JSON Schema (with its fast path) and suspicious characters
- `check`: the units: the registries, then one article (anchoring is `anchor.quotes`)
- `published`: `check --base` and `changes`: what stays published
"""

from __future__ import annotations

from .check import Checking, CheckResult, check_article, outcome, prepare
from .languages import LANGUAGE_TAG, language_problem
from .registries import ARTICLE_ID_RULE, ID_RULE, MAX_ID_LENGTH

__all__ = ["ARTICLE_ID_RULE", "ID_RULE", "LANGUAGE_TAG", "MAX_ID_LENGTH", "CheckResult",
           "Checking", "check_article", "language_problem", "outcome", "prepare"]
