"""Markdown written in the admin, turned into HTML that is safe to show."""

import functools

import markdown
import nh3
from django.utils.safestring import mark_safe

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "ul",
    "ol",
    "li",
    "a",
    "h2",
    "h3",
    "h4",
    "blockquote",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "hr",
}


# The same text gives the same HTML: kept for the texts of the pages rendered most, so that a
# page made anew (after an edit elsewhere, in another tone) converts only what changed.
@functools.lru_cache(maxsize=512)
def render_markdown(text):
    """Return sanitised HTML for Markdown text: no scripts, styles or foreign attributes."""
    html = markdown.markdown(text or "", extensions=["tables", "sane_lists"])
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes={"a": {"href", "title"}, "th": {"scope"}},
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel="noopener noreferrer",
    )
    # Safe: nh3 kept only the tags, attributes and link schemes listed above, so templates
    # show the result as it is, without |safe.
    return mark_safe(clean)
