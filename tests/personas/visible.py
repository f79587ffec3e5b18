"""What a visitor reads on a page: its text and the attributes a browser shows or speaks."""

from html.parser import HTMLParser

SPOKEN = {"title", "alt", "aria-label", "placeholder"}
READ_META = {"description", "og:title", "og:description", "og:site_name"}


class _Reader(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts, self.skipping = [], 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in ("script", "style"):
            self.skipping += 1
        elif tag == "meta" and (attributes.get("name") or attributes.get("property")) in READ_META:
            self.parts.append(attributes.get("content") or "")
        elif tag == "input" and attributes.get("type") in ("submit", "button"):
            self.parts.append(attributes.get("value") or "")
        self.parts.extend(value for name, value in attrs if name in SPOKEN and value)

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.skipping -= 1

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def visible_text(html):
    reader = _Reader()
    reader.feed(html)
    return " ".join(" ".join(reader.parts).split())
