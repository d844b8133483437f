"""Response headers that keep the kiosk page self-contained.

The content security policy lets the page load only from this server: no
CDN, no outside request, no injected inline script (Dash's own inline
renderer script is allowed by hash).
"""

from __future__ import annotations

from collections.abc import Sequence

from dash import Dash


def content_security_policy(script_hashes: Sequence[str]) -> str:
    """The CSP for the kiosk page."""
    scripts = " ".join(["'self'", *script_hashes])
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src {scripts}",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: blob:",
            "font-src 'self' data:",
            "media-src 'self' blob:",
            "connect-src 'self'",
            "worker-src 'self' blob:",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'self'",
        ]
    )


def add_security_headers(app: Dash) -> None:
    """Attach the CSP and related headers to every response."""
    policy = content_security_policy(app.csp_hashes())

    @app.server.after_request
    def _headers(response):
        response.headers.setdefault("Content-Security-Policy", policy)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        response.headers.setdefault("X-Frame-Options", "SAMEORIGIN")
        return response
