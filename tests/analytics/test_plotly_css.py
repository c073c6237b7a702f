"""plotly.js's style rules are served as a stylesheet, since the CSP refuses the ones it writes."""

from flask import render_template_string

from consult.analytics.plotly_css import markers_from_bundle, rules_from_bundle
from consult.analytics.views import PLOTLY_JS


def test_the_stylesheet_carries_the_rules_that_stack_the_chart_layers(client):
    response = client.get("/assets/css/plotly.css")
    assert response.status_code == 200
    assert response.mimetype == "text/css"
    css = response.get_data(as_text=True)
    assert ".js-plotly-plot .plotly .main-svg { position:absolute;top:0;left:0;" in css
    assert ".js-plotly-plot .plotly .modebar { position:absolute;" in css
    assert ".plotly-notifier {" in css  # the one entry of the table with a bare key
    assert css.count("{") == css.count("}") == len(css.splitlines())


def test_the_focus_outline_of_chart_buttons_is_kept():
    css = rules_from_bundle(PLOTLY_JS.read_text(encoding="utf-8"))
    assert "button:focus" not in css
    assert "outline:none" not in css


def test_a_bundle_of_another_shape_gives_no_rules_rather_than_some():
    table = '{"X,X div":"margin:0;","X .main-svg":"position:absolute;"}'
    assert rules_from_bundle(f"var a={table};") == (
        ".js-plotly-plot .plotly,.js-plotly-plot .plotly div { margin:0; }\n"
        ".js-plotly-plot .plotly .main-svg { position:absolute; }\n"
    )
    assert rules_from_bundle('var a={"X,X div":"margin:0;",X .broken};') == ""
    assert rules_from_bundle("var a={};") == ""


def test_the_installed_bundle_checks_for_the_marks_a_chart_page_carries():
    """plotly.js writes its rules only when no `no-inline-styles` element has its global id,
    and its map styles only when no element has their id: both marks are what stop it."""
    bundle = PLOTLY_JS.read_text(encoding="utf-8")
    assert '"plotly.js-style-"+' in bundle and 'matches(".no-inline-styles")' in bundle
    assert markers_from_bundle(bundle)


def test_the_style_markers_are_read_from_the_bundle():
    bundle = (
        'x=1;if(!document.getElementById("abc123")){var e=document.createElement("style");'
        'e.id="abc123"}if(!document.getElementById("abc123")){var e=document.createElement("style")'
    )
    assert markers_from_bundle(bundle) == ("abc123",)
    assert markers_from_bundle("var a={};") == ()


def test_a_chart_page_carries_the_marks(app):
    with app.test_request_context():
        html = render_template_string(
            '{% from "analytics/assets.html" import chart_assets %}{{ chart_assets() }}'
        )
    assert 'id="plotly.js-style-global" class="no-inline-styles"' in html
    for marker in markers_from_bundle(PLOTLY_JS.read_text(encoding="utf-8")):
        assert f'<template id="{marker}"></template>' in html
