"""What the scaffold writes files with: one Jinja2 environment for templates/ (the
sidecar skeleton, the registry stubs), and `yaml_scalar`, the only way a value reaches
them (the `yaml` filter).

Not the pages' environment: this one writes YAML, not HTML, so nothing is HTML-escaped;
every value given by a text or on the command line goes through `yaml`, as a plain or a
double-quoted scalar that every tool reads back as the same text.
"""

from __future__ import annotations

import functools
import json
import unicodedata

import jinja2

from ..read import plain_scalar_value
from ..validate import ID_RULE


def yaml_scalar(value: str) -> str:
    """`value` as YAML that every tool reads back as the same text."""
    if ID_RULE.fullmatch(value) and plain_scalar_value(value) == value:
        return value
    # JSON strings are YAML double-quoted scalars; escape what YAML 1.1 reads as a line
    # break (NEL, U+2028/9) and what no one can see (bidi marks, BOM) as well.
    return "".join(_escape(ch) if unicodedata.category(ch) in _ESCAPED else ch
                   for ch in json.dumps(value, ensure_ascii=False))


def _escape(char: str) -> str:
    """A YAML double-quoted escape: \\uXXXX in the Basic Multilingual Plane, else \\UXXXXXXXX."""
    code = ord(char)
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


_ESCAPED = frozenset({"Cc", "Cf", "Zl", "Zp"})


# The package's own templates, which do not change while it runs: made once per process
# (not a memo of any collection's results, so not in runtime.cache).
@functools.cache
def templates() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.PackageLoader("build_tools.scaffold", "templates"),
                             autoescape=False, undefined=jinja2.StrictUndefined,
                             trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["yaml"] = yaml_scalar
    return env
