"""The kiosk's shared vocabulary, below every other package.

``building_model``, ``data_feeds`` and ``briefing`` know nothing of each other
and nothing of the screens or the web app; what they must agree on lives here:
config sections and text by language (``sections``, ``text``), admin files
read with file:line problems (``yaml_source``, ``validation``, ``files``),
readings, feed health and the Store's interface (``readings``, ``store``),
grade scales (``grades``) and tiles with their one snapshot (``tiles``).
Nothing here imports another package of the kiosk.
"""
