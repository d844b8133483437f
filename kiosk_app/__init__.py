"""City-hall lobby kiosk: app factory, CLI, config loading, Store.

Kept free of heavy imports so that data_feeds, briefing and building_model
can use the config and Store modules without pulling in Dash.
"""
