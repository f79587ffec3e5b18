"""Filling in the lead form as a visitor does: open a page, take its tokens, send it."""

import re

VALID = {
    "first_name": "Zoë",
    "last_name": "’t Hooft-van der Meer",
    "email": "zoe@example.nl",
    "consent_contact": "on",
    "intent": "information",
}


def form_fields(html):
    """The hidden fields of the lead form on a page, as the browser would send them."""
    form = html[html.index('action="/interesse/"') :]
    form = form[: form.index("</form>")]
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form))


def submit(client, page="/interesse/", follow=False, secure=False, **fields):
    response = client.get(page, secure=secure)
    data = {**form_fields(response.content.decode()), **VALID, **fields}
    data = {key: value for key, value in data.items() if value is not None}
    scheme = "https" if secure else "http"
    return client.post("/interesse/", data, follow=follow, secure=secure,
                       HTTP_REFERER=f"{scheme}://testserver{page}")  # fmt: skip
