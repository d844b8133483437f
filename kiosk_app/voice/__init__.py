"""Voice guidance's clips: prepared by the scheduler, served by the web process."""

from .clips import ClipStore, clip_key, normalized

__all__ = ["ClipStore", "clip_key", "normalized"]
