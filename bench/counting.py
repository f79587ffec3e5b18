"""What counting the funnel costs a cached page: two servers, one counting and one not."""

import statistics

from cpu import cpu_seconds
from harness import PORT, Server, load

# A browser arriving directly (a campaign link would also start a session, on both sides):
# every request is a landing on a page with a lead form, two increments for the funnel.
COUNTED_PAGE = "/voor/zij-instromer/"
BROWSER = {"User-Agent": "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0"}


COUNTING_PORT = PORT + 2  # the server without counting; PORT + 1 is the submits bench's
SLICES = 10  # turns per server, of SLICE seconds each
SLICE = 1.0


def measure_counting(database_url):
    """The cached persona page with the funnel counting each request, and with counting off
    (DJANGO_FUNNEL_COUNTING=0), on the same database and Redis.

    Both servers run side by side and take turns of a second (on, off, off, on, ...), so that
    the load of other programs on a shared machine falls on both alike. Measured one after
    the other for seconds at a time, with a restart in between, a busy moment showed up as
    the cost of counting or hid it (three runs of the same code: 0.85 to 0.97). The server time
    per request is the CPU time of the workers themselves (/proc), no longer inferred from
    the throughput, which assumed that every core served the site and nothing else (the load
    generator and Redis run on the same cores). Redis's own time is not in it; counting asks
    Redis one round trip a second per worker."""
    settings = {"on": ("1", PORT), "off": ("0", COUNTING_PORT)}
    servers = {}
    try:
        for setting, (value, port) in settings.items():
            extra = {"DJANGO_FUNNEL_COUNTING": value}
            servers[setting] = Server(database_url, extra_env=extra, port=port)
            load(COUNTED_PAGE, seconds=1, clients=2, headers=BROWSER, port=port)  # warm
        taken = {setting: {"seconds": 0.0, "cpu": 0.0, "latencies": []} for setting in settings}
        for turn in range(SLICES):
            for setting in ("on", "off") if turn % 2 == 0 else ("off", "on"):
                workers = servers[setting].workers()
                before = cpu_seconds(workers)
                result = load(COUNTED_PAGE, SLICE, headers=BROWSER, port=settings[setting][1])
                taken[setting]["cpu"] += cpu_seconds(workers) - before
                taken[setting]["seconds"] += result["seconds"]
                taken[setting]["latencies"] += result["latencies"]
    finally:
        for server in servers.values():
            server.stop()
    figures = {}
    for setting, t in taken.items():
        latencies = sorted(t["latencies"])
        figures[setting] = {
            "rps": len(latencies) / t["seconds"],
            "p50": statistics.median(latencies) * 1000,
            "p95": latencies[int(len(latencies) * 0.95)] * 1000,
            "cpu_ms": t["cpu"] * 1000 / len(latencies),
        }
    on, off = figures["on"], figures["off"]
    return {
        "on": on,
        "off": off,
        "ratio": on["rps"] / off["rps"],
        "extra_ms": on["cpu_ms"] - off["cpu_ms"],
    }


def report(counting):
    on, off = counting["on"], counting["off"]
    return "\n".join(
        [
            "## Counting the funnel on a cached page",
            "",
            "| counting | requests/s | p50 ms | p95 ms | worker CPU ms per request |",
            "| --- | ---: | ---: | ---: | ---: |",
            *(
                f"| {name} | {r['rps']:.0f} | {r['p50']:.1f} | {r['p95']:.1f} | {r['cpu_ms']:.2f} |"
                for name, r in (("on", on), ("off", off))
            ),
            "",
            f"With counting: {counting['ratio']:.2f} of the throughput without it; "
            f"{counting['extra_ms']:.2f} ms more worker CPU per request. Both servers run side "
            f"by side and take {SLICES} turns of {SLICE:.0f} s each. `{COUNTED_PAGE}` from "
            "the page cache, each request a landing on a page with a lead form (a visit and a form "
            "view, added in the worker's memory; each worker writes its sums to Redis in one round "
            "trip about once a second). "
            "Goal: at least 0.9, at most 0.5 ms.",
            "",
        ]
    )
