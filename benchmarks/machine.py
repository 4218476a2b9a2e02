"""The machine a benchmark ran on, as the benchmark pages describe it."""

from __future__ import annotations

import datetime as dt
import os
import platform
from pathlib import Path


def described() -> dict[str, str]:
    """CPUs, memory, Python, system and date."""
    memory = next((line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal:")), "0")
    cpu = next((line.split(":", 1)[1].strip() for line in
                Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    return {"cpus": str(os.cpu_count()), "cpu": cpu,
            "memory": f"{int(memory) / 1024 / 1024:.1f} GiB",
            "python": platform.python_version(), "system": platform.platform(terse=True),
            "date": dt.date.today().isoformat()}


def one_line() -> str:
    """`described()` on one line, for a page's "Measured on ..." sentence."""
    about = described()
    return (f"{about['cpu']}, {about['cpus']} CPUs, {about['memory']} of memory, "
            f"Python {about['python']}, {about['system']}")
