"""Pure layout builders: (config, data) -> Dash components. No I/O here."""
