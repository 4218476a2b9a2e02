#!/usr/bin/env python3
"""Set up the project from the lock file, then run the main job or the tests.

    python3 dev.py serve    build the site from collection/ and preview it on 127.0.0.1:8000
    python3 dev.py test     run every test (lint, types, unit, golden, end-to-end, browser)
    python3 dev.py test --fast   lint, types and the fast tests only (not those marked slow)
    python3 dev.py setup    only create .venv from the lock file

Arguments after `test` go to pytest (`python3 dev.py test tests/test_anchor.py -x`).

Only the standard library is used here, so this runs on a fresh machine with Python 3.11+.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
LOCK = ROOT / "requirements.lock"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / "python"


def run(*command: str | os.PathLike[str]) -> None:
    print("+", " ".join(str(part) for part in command), flush=True)
    subprocess.run([str(part) for part in command], cwd=ROOT, check=True)


def setup() -> None:
    """Create .venv and install exactly what the lock file says (again only if it changed).

    The project itself is not installed: commands run from the repository root, where
    `python -m build_tools` finds the package.
    """
    if not PYTHON.exists():
        venv.create(VENV, with_pip=True)
    stamp = VENV / ".installed-lock"
    wanted = hashlib.sha256(LOCK.read_bytes() + (ROOT / "pyproject.toml").read_bytes())
    if stamp.exists() and stamp.read_text() == wanted.hexdigest():
        return
    run(PYTHON, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
        "--require-hashes", "--no-deps", "-r", LOCK)
    stamp.write_text(wanted.hexdigest())


def pytest_arguments(arguments: list[str]) -> list[str]:
    """`--fast` leaves out the tests marked slow (browser, whole builds, the command line in
    a subprocess): the inner loop. CI runs `test` without it, so every test."""
    if "--fast" not in arguments:
        return arguments
    return ["-m", "not slow", *(argument for argument in arguments if argument != "--fast")]


def main(argv: list[str]) -> int:
    if sys.version_info < (3, 11):  # noqa: UP036 - this file must run on any python3 to say so
        print(f"Python 3.11 or newer is needed; this is {sys.version.split()[0]}")
        return 2
    task = argv[0] if argv else "help"
    if task not in {"serve", "test", "setup"}:
        print(__doc__)
        return 2
    setup()
    try:
        if task == "serve":
            run(PYTHON, "-m", "build_tools", "build")
            run(PYTHON, "-m", "build_tools", "serve", *argv[1:])
        elif task == "test":
            run(PYTHON, "-m", "ruff", "check", ".")
            run(PYTHON, "-m", "mypy")
            run(PYTHON, "-m", "pytest", *pytest_arguments(argv[1:]))
    except subprocess.CalledProcessError as error:
        return error.returncode or 1
    except KeyboardInterrupt:
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
