"""CPU time of processes, read from /proc: what a part of a bench set-up spent."""

import contextlib
import os
import resource
import time
from pathlib import Path

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def processes():
    """{pid: (parent pid, name, command line, CPU seconds used)} of every process here."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError):
            stat = (entry / "stat").read_text()
            name = stat[stat.index("(") + 1 : stat.rindex(")")]
            fields = stat[stat.rindex(")") + 2 :].split()
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            cpu = (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime + stime
            found[int(entry.name)] = (int(fields[1]), name, command, cpu)
    return found


def machine_busy():
    """CPU seconds all cores have spent on anything but idling, since boot."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
    idle = values[3] + values[4]  # idle, iowait
    return (sum(values[:8]) - idle) / CLOCK_TICKS


def wait_until_quiet(busy_below=0.15, longest=90):
    """Wait (at most `longest` seconds) for a second in which the cores were idle but for
    busy_below of their time: what an earlier bench left running (PostgreSQL's autovacuum
    after a big build, say) otherwise takes the cores a measurement shares. The seconds
    waited."""
    started = time.monotonic()
    while time.monotonic() - started < longest:
        before = machine_busy()
        time.sleep(1)
        if machine_busy() - before < busy_below * (os.cpu_count() or 1):
            break
    return time.monotonic() - started


def own_cpu():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


class CpuUse:
    """CPU seconds per part of the set-up, read from /proc: gunicorn (master and workers),
    the mail worker, PostgreSQL (its background processes and the connections to this run's
    database, not to others), Redis, this bench process, and the machine as a whole."""

    def __init__(self, server, worker, database_url):
        self.server, self.worker = server.pid, worker.pid
        postgres = database_url.startswith("postgres")
        self.database = database_url.rsplit("/", 1)[-1] if postgres else None

    def part(self, name, command):
        if name == "redis-server":
            return "Redis"
        # A backend names its database and client ("db 127.0.0.1(port)"); the shared
        # background processes (writer, checkpointer, ...) name no client.
        ours = self.database in command.split() or "(" not in command
        if name == "postgres" and self.database and ours:
            return "PostgreSQL"
        return None

    def read(self):
        """{part: CPU seconds so far}."""
        table = processes()
        children = {}
        for pid, (parent, *_rest) in table.items():
            children.setdefault(parent, []).append(pid)

        def tree(root):
            pids, todo = [], [root]
            while todo:
                pid = todo.pop()
                pids.append(pid)
                todo += children.get(pid, [])
            return [pid for pid in pids if pid in table]

        used = {
            "gunicorn": sum(table[pid][3] for pid in tree(self.server)),
            "mail worker": sum(table[pid][3] for pid in tree(self.worker)),
            "PostgreSQL": 0.0,
            "Redis": 0.0,
        }
        for _parent, name, command, cpu in table.values():
            part = self.part(name, command)
            if part:
                used[part] += cpu
        used["bench process"] = own_cpu()
        used["machine"] = machine_busy()
        return used

    @staticmethod
    def spent(before, after):
        return {part: max(0.0, after[part] - before.get(part, 0.0)) for part in after}


def cpu_seconds(pids):
    """User and system CPU time the processes used so far, all their threads."""
    total = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
        total += int(fields[11]) + int(fields[12])  # utime and stime, in clock ticks
    return total / CLOCK_TICKS
