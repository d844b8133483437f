"""data-* and aria-* attributes reach a component as Dash renders them; any
other name is refused (it would slip past the component's typed keywords)."""

from __future__ import annotations

import pytest
from dash import html

from layouts.attrs import attrs


def test_attributes_are_rendered_as_given():
    values = {"data-menu": "air", "aria-label": "volume up", "data-x": ""}
    props = html.Button("+", **attrs(values)).to_plotly_json()["props"]
    assert {name: props[name] for name in values} == values


@pytest.mark.parametrize("name", ["className", "hidden", "data_menu", "role"])
def test_only_data_and_aria_names_are_taken(name: str):
    with pytest.raises(ValueError, match=name):
        attrs({"data-menu": "air", name: "x"})
