"""A synthetic collection in the real format, for benchmarks and scale tests.

    python benchmarks/synthetic.py OUT_DIR --articles 10000 --seed 1

writes `OUT_DIR/collection/` (articles, people, glossary, topics) and, beside it, the site
sources a build needs (mkdocs.yml, overrides/, docs/about/, docs/assets/stylesheets/ and
scripts/), so `python -m build_tools --root OUT_DIR build` works. The same seed gives the
same bytes, and article i is the same whatever N is (each article has its own random
stream), so a small collection is a prefix of a large one.

The generator is tests/support/synthetic.py (the scale tests and the golden pages use it
too), which says what the articles are like.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: `tests` lives in the repository root
    sys.path.insert(0, str(ROOT))

from tests.support.synthetic import Sizes, copy_site_sources, write_collection  # noqa: E402


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", nargs="?", type=Path, help="where to write (default: a temp dir)")
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--people", type=int, default=Sizes.people)
    parser.add_argument("--terms", type=int, default=Sizes.terms)
    parser.add_argument("--topics", type=int, default=Sizes.topics)
    parser.add_argument("--no-site-sources", action="store_true",
                        help="write collection/ only, without mkdocs.yml, overrides/, docs/")
    args = parser.parse_args(argv)
    out = args.out or Path(tempfile.mkdtemp(prefix="synthetic-"))
    write_collection(out, args.articles, args.seed,
                     Sizes(args.people, args.terms, args.topics))
    if not args.no_site_sources:
        copy_site_sources(out)
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
