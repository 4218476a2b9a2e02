"""Throwaway git repositories for tests: made from a copy of the repository, committed with
a fixed identity and no user or system configuration, so every machine gets the same."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

# No ~/.gitconfig or /etc/gitconfig: a developer's signing key, hooks or autocrlf must not
# change what a test commits or checks out.
ENV = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
       "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org",
       "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.org"}


def git(repo: Path, *args: str) -> str:
    """Run git in `repo`; its output, or the test fails with git's message."""
    result = subprocess.run(["git", *args], cwd=repo, env=ENV, capture_output=True,
                            text=True, check=False, timeout=60)
    assert result.returncode == 0, f"git {' '.join(args)}: {result.stderr}"
    return result.stdout


def commit_all(repo: Path, message: str) -> None:
    """Commit everything in `repo`, deletions included (a new repository if there is none)."""
    if not (repo / ".git").exists():
        git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "--allow-empty", "-m", message)
