"""Internet.nl's web test rules for a Content-Security-Policy header, as one response shows."""

# After checks/tasks/http_headers.py in internetstandards/Internet.nl; stricter where that is
# simpler: default-src and base-uri may hold no hosts at all, only 'self' or 'none'.

UNSAFE = ("'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'")
# Directives whose values are sources; others (report-to, sandbox, ...) hold other words.
NOT_SOURCES = {"report-to", "report-uri", "sandbox", "trusted-types", "require-trusted-types-for"}


def parse(policy):
    directives = {}
    for part in policy.split(";"):
        words = part.lower().split()
        if words:
            directives.setdefault(words[0], words[1:])  # the first of a name counts
    return directives


def source_failure(source):
    if source in UNSAFE:
        return f"{source} is not allowed"
    if source in ("*", "http:", "https:") or source.startswith("http://"):
        return f"{source} allows any host or plain http"
    if "127.0.0.1" in source:
        return f"{source} points at the local machine"
    if not source.startswith("'") and not source.endswith(":") and "://" not in source:
        return f"{source} is a host without a scheme"
    return None


def only_self_or_none(values):
    return values == ["'none'"] or (
        "'self'" in values and set(values) <= {"'self'", "'report-sample'"}
    )


def csp_failures(policy):
    """What internet.nl would hold against the policy; an empty list when it passes."""
    directives = parse(policy)
    failures = []
    for name, values in directives.items():
        if name not in NOT_SOURCES:
            failures += [f"{name}: {f}" for f in map(source_failure, values) if f]
    default = directives.get("default-src")
    for name in ("object-src", "script-src"):
        if "data:" in directives.get(name, default or []):
            failures.append(f"{name} allows data:")
    if not only_self_or_none(default or []):
        failures.append("default-src must be 'self' or 'none'")
    if not only_self_or_none(directives.get("base-uri", [])):
        failures.append("base-uri must be 'self' or 'none'")
    if not {"'self'", "'none'"} & set(directives.get("frame-ancestors", [])):
        failures.append("frame-ancestors must be 'self' or 'none'")
    if not directives.get("form-action"):
        failures.append("form-action is missing")
    frames = directives.get("frame-src", directives.get("child-src"))
    if default is None and not frames:
        failures.append("frame-src (or default-src) is missing")
    return failures
