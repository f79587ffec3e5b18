"""The Mozilla HTTP Observatory's scoring rules for response headers, as far as one response shows.

Start at 100; each test takes points off or (only when nothing was taken off) adds a bonus.
A+ is 100 or more. https://github.com/mozilla/http-observatory (scoring.md) is the source.
"""

SESSION_NAMES = ("session", "sessid", "sess", "login", "auth")


def csp_modifier(policy):
    if not policy:
        return -25, "csp-not-implemented"
    directives = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            directives[words[0].lower()] = [w.lower() for w in words[1:]]
    scripts = directives.get("script-src", directives.get("default-src", []))
    styles = directives.get("style-src", directives.get("default-src", []))
    if "'unsafe-inline'" in scripts or "data:" in scripts or "*" in scripts:
        return -20, "csp-implemented-with-unsafe-inline"
    if "'unsafe-eval'" in scripts:
        return -10, "csp-implemented-with-unsafe-eval"
    if "'unsafe-inline'" in styles:
        return -5, "csp-implemented-with-unsafe-inline-in-style-src-only"
    if directives.get("default-src") == ["'none'"]:
        return 10, "csp-implemented-with-no-unsafe-default-src-none"
    return 5, "csp-implemented-with-no-unsafe"


def cookie_modifier(cookies, https):
    if not cookies:
        return 0, "cookies-not-found"
    samesite = True
    for name, morsel in cookies.items():
        session = any(word in name.lower() for word in SESSION_NAMES)
        if https and not morsel["secure"]:
            return (-40 if session else -20), f"cookies-without-secure-flag ({name})"
        if session and not morsel["httponly"]:
            return -30, f"cookies-session-without-httponly-flag ({name})"
        samesite = samesite and morsel["samesite"].lower() in ("lax", "strict")
    if samesite:
        return 5, "cookies-secure-with-httponly-sessions-and-samesite"
    return 0, "cookies-secure-with-httponly-sessions"


def score(response, https=True):
    """(score, [(modifier, rule)]) for one response."""
    results = [
        csp_modifier(response.get("Content-Security-Policy", "")),
        cookie_modifier(response.cookies, https),
    ]
    origin = response.get("Access-Control-Allow-Origin", "")
    results.append((-50, "cors-universal-access") if origin == "*" else (0, "cors-not-implemented"))
    referrer = response.get("Referrer-Policy", "").lower()
    private = {"no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin"}
    if referrer in private:
        results.append((5, "referrer-policy-private"))
    elif referrer:
        results.append((-5, "referrer-policy-unsafe"))
    if https:
        hsts = response.get("Strict-Transport-Security", "")
        age = int(hsts.split("max-age=")[1].split(";")[0]) if "max-age=" in hsts else 0
        if age >= 15768000:
            results.append((0, "hsts-implemented-max-age-at-least-six-months"))
        else:
            results.append((-20, "hsts-not-implemented-or-short"))
    if response.get("X-Content-Type-Options", "").lower() == "nosniff":
        results.append((0, "x-content-type-options-nosniff"))
    else:
        results.append((-5, "x-content-type-options-not-implemented"))
    frame = response.get("X-Frame-Options", "").upper()
    if "frame-ancestors 'none'" in response.get("Content-Security-Policy", ""):
        results.append((5, "x-frame-options-implemented-via-csp"))
    elif frame in ("DENY", "SAMEORIGIN"):
        results.append((0, "x-frame-options-sameorigin-or-deny"))
    else:
        results.append((-20, "x-frame-options-not-implemented"))

    penalties = sum(m for m, _rule in results if m < 0)
    bonus = sum(m for m, _rule in results if m > 0) if penalties == 0 else 0
    return 100 + penalties + bonus, results


def grade(points):
    return "A+" if points >= 100 else "A" if points >= 90 else "below A"
