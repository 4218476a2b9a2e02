"""Read files into raw records that remember where every value was written.

Files become bytes (`files.py`: the only place the collection is read from disk); texts
become `SourceText` (blocks with exact offsets, `text.py`); YAML becomes plain values plus
the line and column of every key and value (`records.py`), so later stages can point at
the mistake. Nothing here raises on bad input: every problem becomes a `Diagnostic`.
"""

from __future__ import annotations

from .files import ArticleSource, FileBytes, read_article, read_file, read_registries
from .records import (
    MAX_DEPTH,
    MAX_NODES,
    MAX_YAML_BYTES,
    YAML_TIMESTAMP,
    YamlPath,
    YamlRecord,
    display_path,
    plain_scalar_value,
    read_yaml,
)
from .text import KCNA_INDENT, MAX_TEXT_BYTES, decode, read_text

__all__ = ["KCNA_INDENT", "MAX_DEPTH", "MAX_NODES", "MAX_TEXT_BYTES", "MAX_YAML_BYTES",
           "YAML_TIMESTAMP", "ArticleSource", "FileBytes", "YamlPath", "YamlRecord", "decode",
           "display_path", "plain_scalar_value", "read_article", "read_file",
           "read_registries", "read_text", "read_yaml"]
