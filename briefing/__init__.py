"""The daily spoken briefing: facts → writer → number check → speech → archive.

The scheduler process builds it (``briefing.jobs``); the web process only
reads the archive (``Store.latest_briefing`` and ``briefing.archive``).
Nothing is imported here, so importing ``briefing.config`` (config.yaml's
section) does not pull in the pipeline, its speech engines and clients.
"""
