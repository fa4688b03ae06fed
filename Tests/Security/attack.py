#!/usr/bin/env python3
"""An attacker's run against a live `campushub serve` (Python 3 standard library only).

    python3 attack.py PORT DEADLINE_SECONDS

Each attack comes from 127.0.0.1. Meanwhile another client, from 127.0.0.2 (Linux loopback
accepts all of 127/8, so the attacker's per-address limit does not apply to it), asks for
/healthz every 0.2 s, and each answer must come within 1 s. Each attack's own answer is
checked too: closed, 400, or 429. One PASS or FAIL line per check; exit 1 if any failed.
"""
import resource
import socket
import sys
import threading
import time

HOST = "127.0.0.1"
OTHER = "127.0.0.2"
PORT = int(sys.argv[1])
DEADLINE = float(sys.argv[2])
UNKNOWN_TOKEN = "chub_0123456789ab_" + "x" * 43
failures = []


def check(ok, name, detail):
    print(("PASS " if ok else "FAIL ") + name + ": " + detail, flush=True)
    if not ok:
        failures.append(name)


def connect(source=HOST, timeout=2.0):
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.settimeout(timeout)
    sock.bind((source, 0))
    sock.connect((HOST, PORT))
    return sock


def read_response(sock):
    """(status, headers) of one response with a Content-Length body; None if the connection ends first."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            return None
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    length = int(headers.get("content-length", "0"))
    while len(body) < length:
        chunk = sock.recv(65536)
        if not chunk:
            return None
        body += chunk
    return int(lines[0].split(" ")[1]), headers


def closed_by_server(sock, wait=0.0):
    """True if the server ended (or reset) the connection."""
    sock.settimeout(wait if wait > 0 else 0.001)
    try:
        return sock.recv(1) == b""
    except (ConnectionResetError, BrokenPipeError):
        return True
    except (socket.timeout, BlockingIOError):
        return False


class HealthProbe:
    """/healthz from 127.0.0.2 every 0.2 s while an attack runs; each must answer 200 within 1 s."""

    def __init__(self):
        self.results = []
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)

    def run(self):
        while not self.stopping.is_set():
            started = time.monotonic()
            ok = False
            try:
                sock = connect(OTHER, timeout=1.0)
                sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: hub\r\nConnection: close\r\n\r\n")
                answer = read_response(sock)
                sock.close()
                ok = answer is not None and answer[0] == 200 and time.monotonic() - started <= 1.0
            except OSError:
                ok = False
            self.results.append(ok)
            self.stopping.wait(0.2)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *_):
        self.stopping.set()
        self.thread.join()

    def report(self, name):
        good = sum(self.results)
        check(len(self.results) >= 3 and good == len(self.results), name + ": /healthz for another client",
              f"{good} of {len(self.results)} probes answered 200 within 1 s")


def connection_flood():
    name = "connection flood"
    sockets, refused = [], 0
    with HealthProbe() as probe:
        for _ in range(1100):
            try:
                sockets.append(connect(timeout=0.5))
            except (ConnectionRefusedError, ConnectionResetError):
                refused += 1
            except OSError:
                pass
        time.sleep(3)
        closed = sum(1 for sock in sockets if closed_by_server(sock)) + refused
    probe.report(name)
    check(closed >= 1000, name, f"{closed} of 1100 idle connections from one address closed or refused by the server")
    for sock in sockets:
        sock.close()
    time.sleep(1)


def slow_headers():
    name = "slow headers"
    count, results = 20, []

    def one():
        started = time.monotonic()
        try:
            sock = connect()
            sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: hub\r\n")
            # A header line every second, for three deadlines: each line resets an idle timeout.
            while time.monotonic() - started < 3 * DEADLINE:
                if closed_by_server(sock, wait=1.0):
                    results.append(time.monotonic() - started)
                    return
                sock.sendall(b"X-Slow: y\r\n")
            results.append(None)
        except OSError:
            results.append(time.monotonic() - started)

    with HealthProbe() as probe:
        threads = [threading.Thread(target=one) for _ in range(count)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    probe.report(name)
    cut = [r for r in results if r is not None]
    check(len(cut) == count and max(cut) <= DEADLINE + 2, name,
          f"{len(cut)} of {count} trickling requests cut off, the last after {max(cut) if cut else 0:.1f} s (deadline {DEADLINE:.0f} s)")


def oversized_chunked_body():
    name = "oversized chunked body"
    chunk = b"%x\r\n" % 65536 + b"a" * 65536 + b"\r\n"
    sent, closed = 0, False
    with HealthProbe() as probe:
        sock = connect(timeout=3.0)
        try:
            sock.sendall(b"POST /v1/writebacks HTTP/1.1\r\nHost: hub\r\nTransfer-Encoding: chunked\r\n\r\n")
            while sent < 256 << 20:
                sock.sendall(chunk)
                sent += 65536
        except (BrokenPipeError, ConnectionResetError):
            closed = True
        except socket.timeout:
            closed = closed_by_server(sock, wait=1.0)
        time.sleep(1)
        sock.close()
    probe.report(name)
    check(closed and sent < 16 << 20, name, f"{'closed' if closed else 'not closed'} after {sent >> 10} KiB of a body limited to 64 KiB")


def conflicting_lengths():
    for name, framing in [("duplicate Content-Length", b"Content-Length: 5\r\nContent-Length: 6\r\n\r\nhello!"),
                          ("Content-Length with chunked", b"Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n")]:
        with HealthProbe() as probe:
            sock = connect(timeout=3.0)
            sock.sendall(b"POST /v1/writebacks HTTP/1.1\r\nHost: hub\r\n" + framing)
            try:
                answer = read_response(sock)
            except OSError:
                answer = None
            closed = closed_by_server(sock, wait=2.0)
            sock.close()
            time.sleep(0.6)
        probe.report(name)
        status = answer[0] if answer else None
        check(status == 400 and closed, name, f"answered {status}, connection {'closed' if closed else 'left open'}")


def unknown_token_flood():
    name = "unknown-token flood"
    statuses, lock, seconds = {}, threading.Lock(), 5.0
    retry_after = []

    def one():
        try:
            sock = connect(timeout=2.0)
            request = (f"GET /v1/entities/student?purpose=borrowing HTTP/1.1\r\nHost: hub\r\n"
                       f"Authorization: Bearer {UNKNOWN_TOKEN}\r\n\r\n").encode()
            end = time.monotonic() + seconds
            while time.monotonic() < end:
                sock.sendall(request)
                answer = read_response(sock)
                if answer is None:
                    sock.close()
                    sock = connect(timeout=2.0)
                    continue
                with lock:
                    statuses[answer[0]] = statuses.get(answer[0], 0) + 1
                    if answer[0] == 429 and "retry-after" in answer[1]:
                        retry_after.append(answer[1]["retry-after"])
            sock.close()
        except OSError:
            pass

    with HealthProbe() as probe:
        started = time.monotonic()
        threads = [threading.Thread(target=one) for _ in range(16)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
    probe.report(name)
    refused = statuses.get(401, 0)
    limited = statuses.get(429, 0)
    # 20 at once, then 2 a second: the audit log gets at most that many entries, plus one tally per 10 s.
    budget = 20 + 2 * elapsed + 4
    check(limited > 0 and len(retry_after) == limited and refused <= budget, name,
          f"{sum(statuses.values())} requests in {elapsed:.1f} s: {refused} answered 401 (budget {budget:.0f}), "
          f"{limited} answered 429 with Retry-After; others {({k: v for k, v in statuses.items() if k not in (401, 429)})}")


def main():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < 4096:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(4096, hard), hard))
    for attack in [connection_flood, slow_headers, oversized_chunked_body, conflicting_lengths, unknown_token_flood]:
        attack()
    if failures:
        print(f"security: {len(failures)} check(s) failed: {', '.join(failures)}", file=sys.stderr)
        sys.exit(1)


main()
