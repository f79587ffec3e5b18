"""The SVG charts of the results page: markup from templates, geometry from the toolkit."""

import xml.etree.ElementTree as ET

from django.utils import translation
from django.utils.safestring import SafeData

from mkbroute.lib.charts import bar_chart, line_chart, paired_bar_chart

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg):
    return ET.fromstring(str(svg))


def assert_titled(root, title):
    """A screen reader announces the chart by its title, which the svg points to."""
    assert root.tag == f"{SVG}svg" and root.get("role") == "img"
    named = root.find(f"{SVG}title")
    assert named.get("id") == root.get("aria-labelledby")
    assert named.text == title


def value_labels(root):
    return [text.text for text in root.iter(f"{SVG}text") if text.get("text-anchor") is None]


def test_it_draws_a_bar_per_row_with_its_label_and_value_under_a_title():
    rows = [("Nieuw", 0), ("Gebeld", 4), ("Ingeschreven", 3)]
    root = parse(bar_chart(rows, title="Leads per status"))
    assert_titled(root, "Leads per status")
    assert len(root.findall(f"{SVG}rect")) == len(rows)
    texts = [text.text for text in root.iter(f"{SVG}text")]
    assert texts == ["Nieuw", "0", "Gebeld", "4", "Ingeschreven", "3"]


def test_it_draws_a_line_per_series_with_a_point_per_value_and_a_legend():
    labels = ["05-01", "12-01", "19-01"]
    series = [("Student", [1, 0, 3]), ("Zij-instromer", [2, 2, 0])]
    root = parse(line_chart(labels, series, title="Leads per week"))
    assert_titled(root, "Leads per week")
    lines = root.findall(f"{SVG}polyline")
    assert [line.find(f"{SVG}title").text for line in lines] == ["Student", "Zij-instromer"]
    assert [len(line.get("points").split()) for line in lines] == [3, 3]
    assert len(root.findall(f"{SVG}rect")) == 2, "a legend box per series"
    texts = [text.text for text in root.iter(f"{SVG}text")]
    assert texts == ["3", "0", *labels, "Student", "Zij-instromer"]


def test_it_draws_two_bars_per_row_each_with_its_value_and_a_legend():
    rows = [("Engineering", 3, 5), ("Verpleegkunde", 0, 2)]
    names = ["Open werkplekken", "Mensen zonder werkplek"]
    svg = paired_bar_chart(rows, names, title="Per opleiding", chart_id="werkplekken")
    root = parse(svg)
    assert_titled(root, "Per opleiding")
    assert root.get("aria-labelledby") == "werkplekken-title"
    legend = [rect for rect in root.findall(f"{SVG}rect") if rect.get("y") == "4"]
    assert len(legend) == len(names)
    assert len(root.findall(f"{SVG}rect")) == len(names) + 2 * len(rows)
    assert value_labels(root) == [*names, "3", "5", "0", "2"]


def test_a_chart_is_safe_html_with_every_name_escaped():
    for svg in (
        bar_chart([("<b>Nieuw</b>", 1)], title="A & B"),
        line_chart(["<i>"], [("<script>", [1])], title="A & B"),
        paired_bar_chart([("<b>", 1, 2)], ["<x>", "y"], title="A & B"),
    ):
        assert isinstance(svg, SafeData), "a page shows it without mark_safe"
        assert "<script>" not in svg and "<b>" not in svg and "<i>" not in svg
        assert parse(svg).find(f"{SVG}title").text == "A & B"


def test_coordinates_keep_their_decimal_point_on_a_dutch_page():
    with translation.override("nl"):
        svg = line_chart(["a", "b", "c"], [("Student", [1, 2, 3])], title="Leads")
        bars = bar_chart([("Nieuw", 1), ("Gebeld", 2)], title="Leads")
    points = parse(svg).find(f"{SVG}polyline").get("points")
    assert "," in points and all(point.count(",") == 1 for point in points.split())
    assert [rect.get("width") for rect in parse(bars).findall(f"{SVG}rect")] == ["245.0", "490.0"]
