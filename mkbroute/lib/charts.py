"""Small SVG charts drawn on the server: no script, no library, no request to elsewhere.

The functions work out the geometry (coordinates, ticks, labels); the markup lives in
templates/includes/charts/, where the template engine escapes every name, so a chart comes back
as safe HTML that a page shows as it is.
"""

import math

from django.template.loader import render_to_string

LABEL_WIDTH = 48  # room for one axis label such as "29-11", with space around it
COLOURS = ["#1b4079", "#b3261e", "#2e7d6e", "#8a5a00", "#6a3d9a", "#4a5360"]


def decimal(number):
    """A coordinate with one decimal and a point, never the Dutch comma of the page's locale."""
    return f"{number:.1f}"


def line_chart(labels, series, width=720, height=260, title=""):
    """series: [(name, [value per label])]. Returns SVG markup with a text alternative.

    The legend has a line per series below the axis, and the axis shows as many labels as
    fit: long names and two years of weeks never run into each other.
    """
    left, right, top, bottom = 40, 10, 10, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    legend_line = 18
    highest = max([1, *[v for _name, values in series for v in values]])
    step = plot_w / max(len(labels) - 1, 1)
    every = max(1, math.ceil(len(labels) / (plot_w / LABEL_WIDTH)))

    def x(i):
        return left + i * step

    def y(value):
        return top + plot_h - value / highest * plot_h

    ticks = [
        {"x": decimal(x(i)), "label": label} for i, label in enumerate(labels) if i % every == 0
    ]
    lines = []
    for n, (name, values) in enumerate(series):
        legend_y = height + n * legend_line
        lines.append(
            {
                "name": name,
                "colour": COLOURS[n % len(COLOURS)],
                "points": " ".join(
                    f"{decimal(x(i))},{decimal(y(v))}" for i, v in enumerate(values)
                ),
                "box_y": legend_y - 10,
                "text_y": legend_y,
            }
        )
    context = {
        "width": width,
        "height": height + len(series) * legend_line,
        "title": title,
        "left": left,
        "right": width - right,
        "axis_y": top + plot_h,
        "scale_x": left - 6,
        "highest": highest,
        "highest_y": top + 4,
        "ticks": ticks,
        "tick_y": height - bottom + 16,
        "lines": lines,
        "legend_text_x": left + 16,
    }
    return render_to_string("includes/charts/line.html", context)


def bar_chart(rows, width=720, bar_height=22, title=""):
    """rows: [(label, value)]. Horizontal bars, each labelled with its value."""
    label_w, gap = 170, 6
    highest = max([1, *[value for _label, value in rows]])
    bars = []
    for i, (label, value) in enumerate(rows):
        top = gap + i * (bar_height + gap)
        bar_w = (width - label_w - 60) * value / highest
        bars.append(
            {
                "label": label,
                "value": value,
                "y": top,
                "text_y": top + bar_height - 6,
                "width": decimal(bar_w),
                "value_x": decimal(label_w + bar_w + 6),
            }
        )
    context = {
        "width": width,
        "height": len(rows) * (bar_height + gap) + gap,
        "title": title,
        "label_x": label_w - 8,
        "bar_x": label_w,
        "bar_height": bar_height,
        "colour": COLOURS[0],
        "bars": bars,
    }
    return render_to_string("includes/charts/bar.html", context)


def paired_bar_chart(rows, names, width=720, bar_height=12, title="", chart_id="pairs"):
    """rows: [(label, first, second)]; names: the two series. Two bars per row, each with its
    value, and a legend: for comparing supply with demand per row."""
    label_w, gap, legend = 240, 10, 24
    highest = max([1, *[value for _label, *values in rows for value in values]])
    legend_entries = [
        {
            "name": name,
            "colour": COLOURS[n],
            "x": label_w + n * 200,
            "text_x": label_w + n * 200 + 16,
        }
        for n, name in enumerate(names)
    ]
    groups = []
    for i, (label, *values) in enumerate(rows):
        top = legend + gap + i * (2 * bar_height + gap)
        bars = []
        for n, value in enumerate(values):
            y = top + n * bar_height
            bar_w = (width - label_w - 50) * value / highest
            bars.append(
                {
                    "value": value,
                    "colour": COLOURS[n],
                    "y": y,
                    "width": decimal(bar_w),
                    "value_x": decimal(label_w + bar_w + 4),
                    "value_y": y + bar_height - 2,
                }
            )
        groups.append({"label": label, "label_y": top + bar_height + 4, "bars": bars})
    context = {
        "chart_id": chart_id,
        "width": width,
        "height": legend + len(rows) * (2 * bar_height + gap) + gap,
        "title": title,
        "legend": legend_entries,
        "label_x": label_w - 8,
        "bar_x": label_w,
        "bar_height": bar_height - 1,
        "groups": groups,
    }
    return render_to_string("includes/charts/paired_bar.html", context)
