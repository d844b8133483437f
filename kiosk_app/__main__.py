"""``python -m kiosk_app``: see kiosk_app.cli."""

from kiosk_app.cli import main

raise SystemExit(main())
