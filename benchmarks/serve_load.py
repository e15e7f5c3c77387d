"""Load and faults: ``guardgraph serve`` in front of the test upstream vs the upstream alone.

Both run as separate processes on this machine (tests/upstream.py answers what it is told); a
client process sends requests at ``--concurrency`` in flight, stream and non-stream, first
straight to the upstream, then through the server (spec forget_guard, the caller has one
forgotten target, so the guard is active on every request): ``--n`` requests for the two main
guarded scenarios, ``--n-other`` for the other concurrent rows (upstream alone, chat spec, the
``--direct-http`` server with ``--also-direct``), ``--n-serial`` one at a time. Reported:
throughput, p50/p99 latency, time to the first streamed token (also on a paced upstream),
errors, and the server's RSS and open file descriptors before/after each row, plus ``uptime``
and the busiest other processes at the start and end (the machine is shared). Then faults:
upstream 429 (passed through, one upstream call per request), 500 (502), a hanging upstream (504
after the configured timeout), a slow first token, a client that disconnects mid-stream (the
upstream call stops), and kill -9 of the server mid-load (it restarts and every acknowledged
forget is still there).

    python benchmarks/serve_load.py [--n 10000] [--n-other 1000] [--n-serial 200] [--also-direct] [--quick]

``--nemo TEXT`` records what happened with the NeMo Guardrails comparison (measured separately, in
a throwaway virtualenv outside the repo, or why not).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).parent))

KEYS = "bench-alice-key=acme/alice,bench-bob-key1=acme/bob"
MODEL = "guardgraph-forget_guard"
TARGET = "Quorvel Zandrimov-Tesh"
SENTENCE = ("SAY: The harbour was quiet in the morning, and the fishermen mended their nets while the "
            "market opened slowly along the old stone street near the river.")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_http(url: str, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=2).status_code < 500:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not come up")


def proc_stats(pid: int) -> dict[str, Any]:
    rss_kb = 0
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                rss_kb = int(line.split()[1])
    return {"rss_mb": round(rss_kb / 1024, 1), "fds": len(os.listdir(f"/proc/{pid}/fd"))}


def proc_cpu_s(pid: int) -> float:
    """User + system CPU seconds the process has used so far (``/proc/PID/stat``)."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def paired_serial(server_url: str, up_url: str, server_body: dict[str, Any], up_body: dict[str, Any],
                  headers: dict[str, str], n: int, server_pid: int) -> dict[str, Any]:
    """One request to the upstream, then the same through the server, ``n`` times, one at a time.

    Each pair runs under the same momentary machine load, so the median of the per-pair
    differences is the server's added latency with most of the shared machine's noise paired
    out; the server's CPU per request (from /proc) does not depend on the load at all.
    """

    def timed(client: httpx.Client, url: str, body: dict[str, Any]) -> float:
        started = time.perf_counter()
        if body.get("stream"):
            with client.stream("POST", url, json=body, headers=headers) as response:
                response.raise_for_status()
                for _ in response.iter_lines():
                    pass
        else:
            client.post(url, json=body, headers=headers).raise_for_status()
        return (time.perf_counter() - started) * 1000

    with httpx.Client(timeout=60) as client:
        for _ in range(10):  # connections and first-request work, not counted
            timed(client, up_url, up_body), timed(client, server_url, server_body)
        pairs, cpu = [], 0.0
        for _ in range(n):
            up_ms = timed(client, up_url, up_body)
            before = proc_cpu_s(server_pid)
            server_ms = timed(client, server_url, server_body)
            cpu += proc_cpu_s(server_pid) - before
            pairs.append((up_ms, server_ms))
    return {"n": n, "upstream_p50_ms": round(statistics.median(p[0] for p in pairs), 2),
            "server_p50_ms": round(statistics.median(p[1] for p in pairs), 2),
            "added_p50_ms": round(statistics.median(p[1] - p[0] for p in pairs), 2),
            "server_cpu_ms_per_request": round(cpu * 1000 / n, 2),
            "load_average": [round(x, 2) for x in os.getloadavg()]}


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


async def one(client: httpx.AsyncClient, url: str, body: dict[str, Any], headers: dict[str, str]) -> dict[str, Any]:
    started = time.perf_counter()
    first = None
    try:
        if body.get("stream"):
            async with client.stream("POST", url, json=body, headers=headers) as response:
                status = response.status_code
                async for line in response.aiter_lines():
                    if first is None and '"content": "' in line and '"content": ""' not in line:
                        first = time.perf_counter() - started
                ok = status == 200
        else:
            response = await client.post(url, json=body, headers=headers)
            status = response.status_code
            ok = status == 200 and bool(response.json()["choices"][0]["message"]["content"])
    except httpx.HTTPError as exc:
        return {"ok": False, "status": type(exc).__name__, "ms": (time.perf_counter() - started) * 1000}
    return {"ok": ok, "status": status, "ms": (time.perf_counter() - started) * 1000,
            "ttft_ms": first * 1000 if first is not None else None}


async def load(url: str, body: dict[str, Any], headers: dict[str, str], n: int, concurrency: int) -> dict[str, Any]:
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(timeout=60, limits=limits) as client:
        await one(client, url, body, headers)  # connection + first-request warm-up, not counted
        queue = list(range(n))
        results: list[dict[str, Any]] = []

        async def worker() -> None:
            while queue:
                queue.pop()
                results.append(await one(client, url, body, headers))

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
    latencies = [r["ms"] for r in results if r["ok"]]
    ttfts = [r["ttft_ms"] for r in results if r.get("ttft_ms") is not None]
    errors: dict[str, int] = {}
    for r in results:
        if not r["ok"]:
            errors[str(r["status"])] = errors.get(str(r["status"]), 0) + 1
    return {"n": n, "concurrency": concurrency, "seconds": round(elapsed, 2), "rps": round(n / elapsed, 1),
            "p50_ms": round(percentile(latencies, 0.5), 2), "p99_ms": round(percentile(latencies, 0.99), 2),
            "ttft_p50_ms": round(percentile(ttfts, 0.5), 2) if ttfts else None, "errors": errors}


class Processes:
    def __init__(self, data_dir: Path, upstream_timeout: float, request_timeout: float, spec: str = "forget_guard",
                 upstream_port: int | None = None, direct_http: bool = False) -> None:
        self.data_dir = data_dir
        self.direct_http = direct_http
        self.spec = spec
        self.up_port, self.srv_port = upstream_port or free_port(), free_port()
        self.upstream_timeout, self.request_timeout = upstream_timeout, request_timeout
        self.upstream = None if upstream_port else subprocess.Popen(
            [sys.executable, str(ROOT / "tests" / "upstream.py"), "--port", str(self.up_port), "--log-level",
             "critical"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.server: subprocess.Popen | None = None
        wait_http(f"{self.up_url}/models")

    @property
    def up_url(self) -> str:
        return f"http://127.0.0.1:{self.up_port}/v1"

    @property
    def srv_url(self) -> str:
        return f"http://127.0.0.1:{self.srv_port}"

    def start_server(self) -> None:
        env = {**os.environ, "GUARDGRAPH_API_KEYS": KEYS, "OPENAI_API_KEY": "sk-upstream-test", "HF_HUB_OFFLINE": "1"}
        self.server = subprocess.Popen(
            [str(ROOT / ".venv" / "bin" / "guardgraph"), "serve", "--spec", self.spec, "--model", "openai/echo",
             "--api-base", self.up_url, "--port", str(self.srv_port), "--data-dir", str(self.data_dir),
             "--embedder", "hashing", "--checkpointer", "sqlite", "--upstream-timeout", str(self.upstream_timeout),
             "--timeout", str(self.request_timeout)] + (["--direct-http"] if self.direct_http else []),
            env=env, stdout=subprocess.DEVNULL, stderr=open(self.data_dir / "server.log", "ab"))
        wait_http(f"{self.srv_url}/health")

    def kill_server(self) -> None:
        if self.server is not None and self.server.poll() is None:
            self.server.send_signal(signal.SIGKILL)
            self.server.wait()

    def stop(self) -> None:
        for proc in (self.server, self.upstream):
            if proc is not None and proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    proc.kill()


def upstream_calls(procs: Processes) -> list[dict[str, Any]]:
    return httpx.get(f"http://127.0.0.1:{procs.up_port}/_requests", timeout=10).json()


def reset_upstream(procs: Processes) -> None:
    httpx.delete(f"http://127.0.0.1:{procs.up_port}/_requests", timeout=10)


def faults(procs: Processes) -> dict[str, Any]:
    headers = {"Authorization": "Bearer bench-alice-key"}
    url = f"{procs.srv_url}/v1/chat/completions"
    out: dict[str, Any] = {}

    def ask(text: str, stream: bool = False, timeout: float = 60) -> httpx.Response:
        return httpx.post(url, headers=headers, timeout=timeout,
                          json={"model": MODEL, "stream": stream, "messages": [{"role": "user", "content": text}]})

    reset_upstream(procs)
    answers = [ask("FAULT:429:5 hello") for _ in range(10)]
    out["429"] = {"requests": 10, "statuses": sorted({a.status_code for a in answers}),
                  "retry_after": answers[0].headers.get("retry-after"), "upstream_calls": len(upstream_calls(procs))}
    reset_upstream(procs)
    answers = [ask("FAULT:500 hello") for _ in range(10)]
    out["500"] = {"requests": 10, "statuses": sorted({a.status_code for a in answers}),
                  "upstream_calls": len(upstream_calls(procs)),
                  "error_shape_ok": all(set(a.json().get("error", {})) >= {"message", "type", "code"} for a in answers)}
    started = time.perf_counter()
    answer = ask("FAULT:hang hello")
    out["timeout"] = {"status": answer.status_code, "seconds": round(time.perf_counter() - started, 2),
                      "upstream_timeout_s": procs.upstream_timeout}
    started = time.perf_counter()
    first = None
    with httpx.stream("POST", url, headers=headers, timeout=60, json={
            "model": MODEL, "stream": True, "messages": [{"role": "user", "content": "FAULT:slow:1.0 " + SENTENCE}]}) as r:
        for line in r.iter_lines():
            if first is None and '"content": "' in line and '"content": ""' not in line:
                first = time.perf_counter() - started
    out["slow_first_token"] = {"upstream_delay_s": 1.0, "client_ttft_s": round(first or -1, 3),
                               "total_s": round(time.perf_counter() - started, 3)}
    reset_upstream(procs)
    with httpx.stream("POST", url, headers=headers, timeout=60, json={
            "model": MODEL, "stream": True,
            "messages": [{"role": "user", "content": "FAULT:pace:0.05 SAY: " + "abcdefghij " * 40}]}) as r:
        for line in r.iter_lines():
            if '"content": "a' in line:
                break
    time.sleep(1.5)
    record = upstream_calls(procs)[-1]
    out["cancel"] = {"upstream_chunks_sent": record["chunks_sent"], "upstream_chunks_total": 110,
                     "upstream_saw_disconnect": record["disconnected"], "upstream_finished": record["finished"]}
    return out


def kill_test(procs: Processes, concurrency: int) -> dict[str, Any]:
    """Forgets acknowledged during load survive a kill -9; the restarted server serves again."""
    headers = {"Authorization": "Bearer bench-bob-key1"}
    acknowledged = []
    names = [f"Vexlin Quandor{chr(65 + i % 26)}{chr(65 + i // 26)}" for i in range(60)]

    async def forgetting() -> None:
        async with httpx.AsyncClient(timeout=30) as client:
            for name in names:
                try:
                    r = await client.post(f"{procs.srv_url}/v1/forget", headers=headers, json={"targets": [name]})
                except httpx.HTTPError:
                    return
                if r.status_code == 200:
                    acknowledged.append(name)

    async def chatting() -> None:
        body = {"model": MODEL, "stream": True, "messages": [{"role": "user", "content": SENTENCE}]}
        try:
            await load(f"{procs.srv_url}/v1/chat/completions", body, headers, 200, concurrency)
        except Exception:  # noqa: BLE001 - the server dies under it on purpose
            pass

    async def killer() -> None:
        await asyncio.sleep(1.5)
        procs.kill_server()

    async def run() -> None:
        await asyncio.gather(forgetting(), chatting(), killer())

    asyncio.run(run())
    procs.start_server()
    listed = httpx.get(f"{procs.srv_url}/v1/forget", headers=headers, timeout=30).json()["data"]
    kept = {e["target"] for e in listed}
    ok = httpx.post(f"{procs.srv_url}/v1/chat/completions", headers=headers, timeout=30,
                    json={"model": MODEL, "messages": [{"role": "user", "content": "SAY: back"}]}).status_code
    health = httpx.get(f"{procs.srv_url}/health", timeout=30).json()["status"]
    return {"acknowledged_before_kill": len(acknowledged), "lost": len([n for n in acknowledged if n not in kept]),
            "after_restart_status": ok, "health": health}


def machine_context() -> dict[str, Any]:
    """What else used the machine while this ran: ``uptime`` and the busiest other processes."""
    try:
        uptime = subprocess.run(["uptime"], capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        uptime = None
    busiest: list[str] = []
    try:
        ps = subprocess.run(["ps", "-eo", "pcpu,args", "--sort=-pcpu"], capture_output=True, text=True,
                            timeout=10).stdout.splitlines()[1:8]
        busiest = [" ".join(line.split())[:140] for line in ps if line.strip()]
    except (OSError, subprocess.SubprocessError):
        pass
    return {"uptime": uptime, "load_average": [round(x, 2) for x in os.getloadavg()], "busiest_processes": busiest}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=10_000,
                        help="requests for the two main guarded scenarios (forget_guard, stream and non-stream)")
    parser.add_argument("--n-stream", type=int, default=None,
                        help="requests for the main guarded stream scenario (default: --n)")
    parser.add_argument("--n-other", type=int, default=1000,
                        help="requests for every other concurrent scenario (upstream alone, chat spec, direct-http)")
    parser.add_argument("--n-serial", type=int, default=200, help="requests for the 1-at-a-time and paced rows")
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--quick", action="store_true", help="n=200 everywhere, for a smoke run")
    parser.add_argument("--upstream-client", choices=["litellm", "direct"], default="litellm",
                        help="how the server reaches the upstream: through litellm (the default path) or plain "
                             "HTTP (serve --direct-http)")
    parser.add_argument("--also-direct", action="store_true",
                        help="also measure a forget_guard server with --direct-http (n-other / n-serial requests)")
    parser.add_argument("--no-chat-spec", action="store_true", help="skip the plain chat-spec rows")
    parser.add_argument("--note", default="", help="what else ran on the machine (recorded in the JSON)")
    parser.add_argument("--nemo", default="not measured",
                        help="what happened with the NeMo Guardrails comparison (recorded in the JSON)")
    args = parser.parse_args()
    direct = args.upstream_client == "direct"
    n_main, n_other, n_serial = (200, 200, 50) if args.quick else (args.n, args.n_other, args.n_serial)
    n_stream = n_main if args.quick or args.n_stream is None else args.n_stream
    from _report import report

    data_dir = Path(tempfile.mkdtemp(prefix="serve-load-"))
    procs = Processes(data_dir, upstream_timeout=2.0, request_timeout=10.0, direct_http=direct)
    servers = {"guardgraph": procs}
    if not args.no_chat_spec:
        (data_dir / "chat").mkdir()
        servers["guardgraph chat-spec"] = Processes(data_dir / "chat", upstream_timeout=2.0, request_timeout=10.0,
                                                    spec="chat", upstream_port=procs.up_port, direct_http=direct)
    if args.also_direct and not direct:
        (data_dir / "direct").mkdir()
        servers["guardgraph direct-http"] = Processes(data_dir / "direct", upstream_timeout=2.0,
                                                      request_timeout=10.0, upstream_port=procs.up_port,
                                                      direct_http=True)
    results: dict[str, Any] = {
        "n_main": n_main, "n_stream": n_stream, "n_other": n_other, "n_serial": n_serial, "concurrency": args.concurrency,
        "upstream_client": args.upstream_client, "scenarios": {}, "note": args.note,
        "machine_at_start": machine_context(),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
    }
    alice = {"Authorization": "Bearer bench-alice-key"}
    paced = "FAULT:pace:0.01 " + SENTENCE
    up_row = (f"{procs.up_url}/chat/completions", {"model": "echo"})
    plans: list[tuple[str, str | None, bool, int, int, str]] = [
        # (row name, server key or None for the upstream alone, stream, count, concurrency, text)
        ("upstream 1-at-a-time", None, False, n_serial, 1, SENTENCE),
        ("upstream 1-at-a-time", None, True, n_serial, 1, SENTENCE),
        ("upstream", None, False, n_other, args.concurrency, SENTENCE),
        ("upstream", None, True, n_other, args.concurrency, SENTENCE),
        ("upstream paced", None, True, n_serial, args.concurrency, paced),
        ("guardgraph 1-at-a-time", "guardgraph", False, n_serial, 1, SENTENCE),
        ("guardgraph 1-at-a-time", "guardgraph", True, n_serial, 1, SENTENCE),
        ("guardgraph", "guardgraph", False, n_main, args.concurrency, SENTENCE),
        ("guardgraph", "guardgraph", True, n_stream, args.concurrency, SENTENCE),
        ("guardgraph paced", "guardgraph", True, n_serial, args.concurrency, paced),
    ]
    if "guardgraph direct-http" in servers:
        plans += [
            ("guardgraph direct-http 1-at-a-time", "guardgraph direct-http", False, n_serial, 1, SENTENCE),
            ("guardgraph direct-http 1-at-a-time", "guardgraph direct-http", True, n_serial, 1, SENTENCE),
            ("guardgraph direct-http", "guardgraph direct-http", False, n_other, args.concurrency, SENTENCE),
            ("guardgraph direct-http", "guardgraph direct-http", True, n_other, args.concurrency, SENTENCE),
        ]
    if "guardgraph chat-spec" in servers:
        plans += [
            ("guardgraph chat-spec 1-at-a-time", "guardgraph chat-spec", False, n_serial, 1, SENTENCE),
            ("guardgraph chat-spec", "guardgraph chat-spec", False, n_other, args.concurrency, SENTENCE),
            ("guardgraph chat-spec", "guardgraph chat-spec", True, n_other, args.concurrency, SENTENCE),
        ]
    try:
        procs.start_server()
        httpx.post(f"{procs.srv_url}/v1/forget", headers=alice, json={"targets": [TARGET]}, timeout=30).raise_for_status()
        for name, key, stream, count, concurrency, text in plans:
            if key is None:
                url, extra, pid = up_row[0], up_row[1], procs.upstream.pid if procs.upstream else None
            else:
                server = servers[key]
                for other_key, other in servers.items():  # one server at a time on this small machine
                    if other_key != key and other.server is not None and other.server.poll() is None:
                        other.kill_server()
                if server.server is None or server.server.poll() is not None:
                    server.start_server()
                    if key != "guardgraph chat-spec":  # the caller has one forgotten target: the guard runs
                        httpx.post(f"{server.srv_url}/v1/forget", headers=alice, json={"targets": [TARGET]},
                                   timeout=30).raise_for_status()
                url = f"{server.srv_url}/v1/chat/completions"
                extra = {"model": "guardgraph-chat" if key == "guardgraph chat-spec" else MODEL}
                pid = server.server.pid
            body = {**extra, "stream": stream, "messages": [{"role": "user", "content": text}]}
            stats_before = proc_stats(pid) if pid else {}
            cpu_before = proc_cpu_s(pid) if pid else 0.0
            outcome = asyncio.run(load(url, body, alice, count, concurrency))
            cpu_ms = (proc_cpu_s(pid) - cpu_before) * 1000 / (count + 1) if pid else None
            time.sleep(1.0)  # let the client's closed connections leave the server's fd table
            outcome.update({"cpu_ms_per_request": round(cpu_ms, 2) if cpu_ms is not None else None,
                            "process": "upstream" if key is None else "server", "server_before": stats_before,
                            "server_after": proc_stats(pid) if pid else {},
                            "load_average_after": [round(x, 2) for x in os.getloadavg()]})
            row = f"{name} {'stream' if stream else 'non-stream'}"
            results["scenarios"][row] = outcome
            print(row, outcome, flush=True)
        results["paired_serial"] = {}
        for key in ("guardgraph", "guardgraph direct-http"):  # load-robust serial overhead (see paired_serial)
            if key not in servers:
                continue
            server = servers[key]
            for other_key, other in servers.items():
                if other_key != key:
                    other.kill_server()
            if server.server is None or server.server.poll() is not None:
                server.start_server()
                httpx.post(f"{server.srv_url}/v1/forget", headers=alice, json={"targets": [TARGET]},
                           timeout=30).raise_for_status()
            for stream in (False, True):
                messages = [{"role": "user", "content": SENTENCE}]
                row = paired_serial(f"{server.srv_url}/v1/chat/completions", up_row[0],
                                    {"model": MODEL, "stream": stream, "messages": messages},
                                    {**up_row[1], "stream": stream, "messages": messages}, alice, n_serial,
                                    server.server.pid)
                label = f"{'litellm' if key == 'guardgraph' and not direct else 'direct-http'} " \
                        f"{'stream' if stream else 'non-stream'}"
                results["paired_serial"][label] = row
                print("paired", label, row, flush=True)
        for other_key, other in servers.items():
            if other_key != "guardgraph":
                other.kill_server()
        if procs.server is None or procs.server.poll() is not None:
            procs.start_server()
        threads_db = data_dir / "threads.sqlite3"
        results["threads_db_bytes"] = threads_db.stat().st_size if threads_db.exists() else 0
        results["faults"] = faults(procs)
        print(results["faults"], flush=True)
        results["kill_9"] = kill_test(procs, args.concurrency)
        print(results["kill_9"], flush=True)
    finally:
        for server in servers.values():
            if server is not procs:
                server.kill_server()
        procs.stop()
    scenarios = results["scenarios"]
    for mode in ("non-stream", "stream"):
        up, gg = scenarios[f"upstream {mode}"], scenarios[f"guardgraph {mode}"]  # both at --concurrency
        results[f"overhead_{mode}"] = {"p50_added_ms": round(gg["p50_ms"] - up["p50_ms"], 2),
                                       "throughput_ratio": round(gg["rps"] / up["rps"], 3)}
        serial_up, serial_gg = scenarios[f"upstream 1-at-a-time {mode}"], scenarios[f"guardgraph 1-at-a-time {mode}"]
        results[f"overhead_serial_{mode}"] = {"p50_added_ms": round(serial_gg["p50_ms"] - serial_up["p50_ms"], 2)}
        direct_row = scenarios.get(f"guardgraph direct-http 1-at-a-time {mode}")
        if direct_row:
            results[f"overhead_serial_{mode}"]["direct_http_p50_added_ms"] = round(
                direct_row["p50_ms"] - serial_up["p50_ms"], 2)
    chat_row = scenarios.get("guardgraph chat-spec 1-at-a-time non-stream")
    if chat_row:
        results["overhead_serial_non-stream"]["chat_spec_p50_added_ms"] = round(
            chat_row["p50_ms"] - scenarios["upstream 1-at-a-time non-stream"]["p50_ms"], 2)
    results["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    results["machine_at_end"] = machine_context()
    results["nemo_guardrails"] = args.nemo
    rows = [[k, v["n"], v["rps"], v["p50_ms"], v["p99_ms"], v["ttft_p50_ms"] if v["ttft_p50_ms"] is not None else "-",
             sum(v["errors"].values()), f"{v['server_before'].get('rss_mb')}→{v['server_after'].get('rss_mb')}",
             f"{v['server_before'].get('fds')}→{v['server_after'].get('fds')}"] for k, v in scenarios.items()]
    report("serve_load", f"guardgraph serve vs the upstream alone ({args.concurrency} concurrent)",
           ["scenario", "n", "req/s", "p50 ms", "p99 ms", "TTFT p50 ms", "errors", "RSS MB", "fds"],
           rows, results)


CLIENTS = {"litellm": "through litellm (the default)", "direct": "over plain HTTP (`serve --direct-http`)"}


def readme_table(result: dict[str, Any]) -> str:
    """The README's serving table, from results/serve_load.json."""
    load = result.get("load_average_at_start")
    client = result.get("upstream_client", "litellm")
    n_main = result.get("n_main", result.get("n"))
    command = (f"python benchmarks/serve_load.py --n {n_main} --n-stream {result.get('n_stream', n_main)} "
               f"--n-other {result.get('n_other', n_main)} "
               f"--n-serial {result.get('n_serial', max(50, n_main // 10))} --upstream-client {client}"
               + (" --also-direct" if any("direct-http" in k for k in result["scenarios"]) else "")
               + ("" if any("chat-spec" in k for k in result["scenarios"]) else " --no-chat-spec"))
    lines = [
        f"{result['concurrency']} concurrent (the 1-at-a-time rows: one), test upstream, server and client on the "
        "same 2-core machine"
        + (f" (load average {load[0]} at the start: other jobs shared it"
           + (f"; {result['note']}" if result.get("note") else "") + ")" if load else "")
        + f"; the server reached the upstream {CLIENTS[client]} (`{command}`). The RSS and fds columns are the "
        "server's (the upstream's on the upstream rows), before → after the row.",
        "",
        "| scenario | n | req/s | p50 ms | p99 ms | TTFT p50 ms | errors | CPU ms/req | RSS MB | fds |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name, v in result["scenarios"].items():
        ttft = v["ttft_p50_ms"] if v["ttft_p50_ms"] is not None else "–"
        lines.append(f"| {name} | {v['n']} | {v['rps']} | {v['p50_ms']} | {v['p99_ms']} | {ttft} "
                     f"| {sum(v['errors'].values())} | {v.get('cpu_ms_per_request', '–')} "
                     f"| {v['server_before'].get('rss_mb')} → {v['server_after'].get('rss_mb')} "
                     f"| {v['server_before'].get('fds')} → {v['server_after'].get('fds')} |")
    overhead = []
    for mode in ("non-stream", "stream"):
        serial = result.get(f"overhead_serial_{mode}")
        if serial:
            text = f"one at a time, {mode}: +{serial['p50_added_ms']} ms p50 (forget_guard, litellm)"
            if "direct_http_p50_added_ms" in serial:
                text += f", +{serial['direct_http_p50_added_ms']} ms (direct-http)"
            if "chat_spec_p50_added_ms" in serial:
                text += f", +{serial['chat_spec_p50_added_ms']} ms (chat spec)"
            overhead.append(text)
    for mode in ("non-stream", "stream"):
        if f"overhead_{mode}" in result:
            overhead.append(f"{result['concurrency']} concurrent, {mode}: "
                            f"+{result[f'overhead_{mode}']['p50_added_ms']} ms p50, "
                            f"{result[f'overhead_{mode}']['throughput_ratio']}× throughput")
    lines += ["", "Overhead vs the upstream alone: " + "; ".join(overhead) + "."]
    paired = result.get("paired_serial") or {}
    if paired:
        lines += [
            "",
            "Paired, one at a time (each server request right after the same request to the upstream; the median of "
            "the differences, robust to the shared machine's load; CPU is the server process's, from /proc):",
            "",
            "| client → server | n | upstream p50 ms | server p50 ms | added p50 ms | server CPU ms/req | load |",
            "|---|---|---|---|---|---|---|",
        ]
        for name, v in paired.items():
            lines.append(f"| {name} | {v['n']} | {v['upstream_p50_ms']} | {v['server_p50_ms']} | {v['added_p50_ms']} "
                         f"| {v['server_cpu_ms_per_request']} | {v['load_average'][0]} |")
    f = result.get("faults", {})
    if f:
        lines += [
            "",
            "| fault | result |",
            "|---|---|",
            f"| upstream 429 ×{f['429']['requests']} | status {f['429']['statuses']}, retry-after "
            f"{f['429']['retry_after']}, {f['429']['upstream_calls']} upstream calls |",
            f"| upstream 500 ×{f['500']['requests']} | status {f['500']['statuses']}, {f['500']['upstream_calls']} "
            f"upstream calls, OpenAI error body: {f['500']['error_shape_ok']} |",
            f"| upstream hangs | {f['timeout']['status']} after {f['timeout']['seconds']} s "
            f"(upstream timeout {f['timeout']['upstream_timeout_s']} s) |",
            f"| first token after {f['slow_first_token']['upstream_delay_s']} s | client TTFT "
            f"{f['slow_first_token']['client_ttft_s']} s |",
            f"| client disconnects mid-stream | upstream stopped after {f['cancel']['upstream_chunks_sent']} of "
            f"{f['cancel']['upstream_chunks_total']} chunks (saw disconnect: {f['cancel']['upstream_saw_disconnect']}) |",
        ]
    k = result.get("kill_9")
    if k:
        lines.append(f"| kill -9 mid-load | {k['acknowledged_before_kill']} forgets acknowledged, {k['lost']} lost; "
                     f"after restart: status {k['after_restart_status']}, health {k['health']} |")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
