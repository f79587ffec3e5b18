"""Small SVG charts drawn on the server: no script, no library, no request to elsewhere."""

import math
from xml.sax.saxutils import escape

LABEL_WIDTH = 48  # room for one axis label such as "29-11", with space around it
COLOURS = ["#1b4079", "#b3261e", "#2e7d6e", "#8a5a00", "#6a3d9a", "#4a5360"]


def line_chart(labels, series, width=720, height=260, title=""):
    """series: [(name, [value per label])]. Returns SVG markup with a text alternative.

    The legend has a line per series below the axis, and the axis shows as many labels as
    fit: long names and two years of weeks never run into each other.
    """
    left, right, top, bottom = 40, 10, 10, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    legend_line = 18
    total_height = height + len(series) * legend_line
    highest = max([1, *[v for _name, values in series for v in values]])
    step = plot_w / max(len(labels) - 1, 1)
    every = max(1, math.ceil(len(labels) / (plot_w / LABEL_WIDTH)))

    def x(i):
        return left + i * step

    def y(value):
        return top + plot_h - value / highest * plot_h

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {total_height}" '
        'role="img" aria-labelledby="chart-title" class="chart">',
        f'<title id="chart-title">{escape(title)}</title>',
        f'<line x1="{left}" y1="{top + plot_h}" x2="{width - right}" y2="{top + plot_h}" '
        'stroke="#4a5360"/>',
        f'<text x="{left - 6}" y="{top + 4}" text-anchor="end" font-size="11" fill="#1f2328">'
        f"{highest}</text>",
        f'<text x="{left - 6}" y="{top + plot_h}" text-anchor="end" font-size="11" '
        'fill="#1f2328">0</text>',
    ]
    for i, label in enumerate(labels):
        if i % every == 0:
            parts.append(
                f'<text x="{x(i):.1f}" y="{height - bottom + 16}" text-anchor="middle" '
                f'font-size="11" fill="#1f2328">{escape(label)}</text>'
            )
    for n, (name, values) in enumerate(series):
        colour = COLOURS[n % len(COLOURS)]
        points = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(values))
        parts.append(
            f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2">'
            f"<title>{escape(name)}</title></polyline>"
        )
        line_y = height + n * legend_line
        parts.append(
            f'<rect x="{left}" y="{line_y - 10}" width="12" height="12" fill="{colour}"/>'
            f'<text x="{left + 16}" y="{line_y}" font-size="12" fill="#1f2328">'
            f"{escape(name)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def bar_chart(rows, width=720, bar_height=22, title=""):
    """rows: [(label, value)]. Horizontal bars, each labelled with its value."""
    label_w, gap = 170, 6
    height = len(rows) * (bar_height + gap) + gap
    highest = max([1, *[value for _label, value in rows]])
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="funnel-title" class="chart">',
        f'<title id="funnel-title">{escape(title)}</title>',
    ]
    for i, (label, value) in enumerate(rows):
        top = gap + i * (bar_height + gap)
        bar_w = (width - label_w - 60) * value / highest
        parts.append(
            f'<text x="{label_w - 8}" y="{top + bar_height - 6}" text-anchor="end" '
            f'font-size="13" fill="#1f2328">{escape(label)}</text>'
            f'<rect x="{label_w}" y="{top}" width="{bar_w:.1f}" height="{bar_height}" '
            f'fill="{COLOURS[0]}"/>'
            f'<text x="{label_w + bar_w + 6:.1f}" y="{top + bar_height - 6}" font-size="13" '
            f'fill="#1f2328">{value}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def paired_bar_chart(rows, names, width=720, bar_height=12, title="", chart_id="pairs"):
    """rows: [(label, first, second)]; names: the two series. Two bars per row, each with its
    value, and a legend: for comparing supply with demand per row."""
    label_w, gap, legend = 240, 10, 24
    height = legend + len(rows) * (2 * bar_height + gap) + gap
    highest = max([1, *[value for _label, *values in rows for value in values]])
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{chart_id}-title" class="chart">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
    ]
    for n, name in enumerate(names):
        parts.append(
            f'<rect x="{label_w + n * 200}" y="4" width="12" height="12" fill="{COLOURS[n]}"/>'
            f'<text x="{label_w + n * 200 + 16}" y="14" font-size="12" fill="#1f2328">'
            f"{escape(name)}</text>"
        )
    for i, (label, *values) in enumerate(rows):
        top = legend + gap + i * (2 * bar_height + gap)
        parts.append(
            f'<text x="{label_w - 8}" y="{top + bar_height + 4}" text-anchor="end" '
            f'font-size="12" fill="#1f2328">{escape(label)}</text>'
        )
        for n, value in enumerate(values):
            y = top + n * bar_height
            bar_w = (width - label_w - 50) * value / highest
            parts.append(
                f'<rect x="{label_w}" y="{y}" width="{bar_w:.1f}" height="{bar_height - 1}" '
                f'fill="{COLOURS[n]}"/>'
                f'<text x="{label_w + bar_w + 4:.1f}" y="{y + bar_height - 2}" font-size="11" '
                f'fill="#1f2328">{value}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)
