"""The daily spoken briefing: facts → writer → number check → speech → archive.

The scheduler process builds it (``briefing.jobs``); the web process only
reads the archive (``Store.latest_briefing`` and ``briefing.archive``).
Nothing is imported here, so ``kiosk_app.config.schema`` can import
``briefing.config`` without pulling in the pipeline (or an import cycle).
"""
