"""Offline briefing budget: facts → template → check → espeak-ng → MP3 under 5 s.

Run: ``.venv/bin/python -m benchmarks.bench_briefing``. Fills a temporary Store
with the demo feed (8 days of history), then times one Korean briefing built
the way the scheduler builds it (template writer, espeak-ng, archive) and
prints one Markdown line.
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

from briefing.config import BriefingConfig
from briefing.pipeline import build_briefing
from data_feeds.runner import FeedRunner
from kiosk_app.config import load_config
from kiosk_app.store import Store

BUDGET_SECONDS = 5.0
REPO = Path(__file__).resolve().parents[1]
NOW = dt.datetime(2026, 11, 26, 1, 30, tzinfo=dt.UTC)  # Thursday 10:30 in Seoul


def main(argv: list[str] | None = None) -> int:
    """Time the offline path; exit 1 when over budget."""
    del argv  # no options
    config = load_config(REPO / "config.yaml")
    settings = BriefingConfig.model_validate({"languages": ["ko"]})
    with tempfile.TemporaryDirectory(prefix="bench-briefing-") as folder:
        data_dir = Path(folder)
        store = Store(data_dir / "kiosk.db")
        store.create()
        feeds = {
            fid: feed.model_copy(update={"backfill_days": 8})
            if hasattr(feed, "backfill_days")
            else feed
            for fid, feed in config.feeds.items()
        }
        FeedRunner(store).refresh(feeds, NOW)
        started = time.perf_counter()
        result = build_briefing(config, store, data_dir, settings, now=NOW)
        seconds = time.perf_counter() - started
        record = store.latest_briefing("ko")
    if not result.ok or record is None:
        print(f"| briefing offline path | failed: {result.status()} |")
        return 1
    verdict = "ok" if seconds < BUDGET_SECONDS else "OVER BUDGET"
    print(
        f"| briefing offline path (facts → template → check → espeak-ng → MP3, ko) "
        f"| {seconds:.2f} s for {record['audio_seconds']:.0f} s of speech, "
        f"{len(record['sentences'])} sentences, writer {record['writer']['name']}, "
        f"speech {record['speech']['engine']} | budget < {BUDGET_SECONDS:g} s: "
        f"{verdict} |"
    )
    return 0 if seconds < BUDGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
