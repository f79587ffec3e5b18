"""Deploy checks (manage.py check --deploy) for what settings alone cannot show."""

from django.core import checks

from .lib import tally


@checks.register(checks.Tags.caches, deploy=True)
def counters_are_not_evicted(app_configs=None, **kwargs):
    """A Redis that evicts keys when its memory is full may drop a login throttle or a rate
    limit as it drops a page: the counters need a Redis that never evicts (docs/deploy.md)."""
    try:
        policy = tally.eviction()
    except Exception:  # not reachable from here: /healthz reports that, this check cannot tell
        return []
    if policy is None:
        return []
    return [
        checks.Warning(
            f"The Redis of the counters (TALLY_REDIS_URL, else REDIS_URL) evicts keys when it "
            f"is full (maxmemory-policy {policy}): login throttles, rate limits and funnel "
            "counts can vanish.",
            hint="Set maxmemory-policy noeviction on that Redis, or point TALLY_REDIS_URL at "
            "a Redis of its own that does not evict (docs/deploy.md).",
            id="mkbroute.W001",
        )
    ]
