"""Read files into raw records that remember where every value was written.

Texts become `SourceText` (blocks with exact offsets, `text.py`); YAML becomes plain
values plus the line and column of every key and value (`records.py`), so later stages
can point at the mistake. Nothing here raises on bad input: every problem becomes a
`Diagnostic`.
"""

from __future__ import annotations

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
           "YAML_TIMESTAMP", "YamlPath", "YamlRecord", "decode", "display_path",
           "plain_scalar_value", "read_text", "read_yaml"]
