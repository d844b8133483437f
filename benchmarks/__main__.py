"""Run every benchmark: ``python -m benchmarks`` (``make bench``).

Each prints a Markdown table; the README keeps the latest figures.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
from pathlib import Path


def main() -> int:
    """Run each ``benchmarks/bench_*.py`` in turn."""
    folder = Path(__file__).resolve().parent
    for module in sorted(m.name for m in pkgutil.iter_modules([str(folder)])):
        if module.startswith("bench_"):
            print(f"\n## {module}\n", flush=True)
            importlib.import_module(f"benchmarks.{module}").main([])
    return 0


if __name__ == "__main__":
    sys.exit(main())
