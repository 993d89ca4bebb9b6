#!/usr/bin/env python3
"""Load, churn and watchers for soak.sh (standard library only).

  soak.py --url URL --pid PID --db FILE --seconds N

Writers create, update and delete pods and services in namespace "soak" (the population stays
bounded, so a healthy server's memory levels off); watchers follow pods and services and re-list
on 410 or a closed stream. Every few seconds the server's RSS, open file descriptors and database
size are sampled. Fails when memory, handles or the database keep growing, or a watcher stops
receiving events while writes go on.
"""
import argparse
import http.client
import json
import os
import random
import sys
import threading
import time
import urllib.parse

NS = "soak"
STOP = threading.Event()
LOCK = threading.Lock()
WRITES = [0]
ERRORS = []


def connect(url, timeout=30):
    p = urllib.parse.urlparse(url)
    return http.client.HTTPConnection(p.hostname, p.port, timeout=timeout)


def call(conn, method, path, body=None, content_type="application/json"):
    headers = {"Content-Type": content_type} if body is not None else {}
    conn.request(method, path, body=None if body is None else json.dumps(body), headers=headers)
    response = conn.getresponse()
    data = response.read()
    return response.status, json.loads(data) if data else None


def writer(url, index):
    rnd = random.Random(index)
    conn = connect(url)
    pods, services, i = [], [], 0
    while not STOP.is_set():
        i += 1
        roll = rnd.random()
        try:
            if roll < 0.3 and len(pods) < 150:
                name = f"p-{index}-{i}"
                status, _ = call(conn, "POST", f"/api/v1/namespaces/{NS}/pods", {
                    "metadata": {"name": name, "labels": {"app": f"a{i % 5}"}},
                    "spec": {"schedulerName": "none", "containers": [{"name": "c", "image": "nginx:1.27"}]}})
                if status == 201:
                    pods.append(name)
            elif roll < 0.55 and pods:
                name = rnd.choice(pods)
                status, _ = call(conn, "PATCH", f"/api/v1/namespaces/{NS}/pods/{name}",
                                 {"metadata": {"annotations": {"soak/i": str(i)}}}, "application/merge-patch+json")
            elif roll < 0.75 and pods:
                name = pods.pop(rnd.randrange(len(pods)))
                status, _ = call(conn, "DELETE", f"/api/v1/namespaces/{NS}/pods/{name}?gracePeriodSeconds=0")
            elif roll < 0.85 and len(services) < 40:
                name = f"s-{index}-{i}"
                status, _ = call(conn, "POST", f"/api/v1/namespaces/{NS}/services", {
                    "metadata": {"name": name}, "spec": {"type": "NodePort", "selector": {"app": f"a{i % 5}"}, "ports": [{"port": 80}]}})
                if status == 201:
                    services.append(name)
            elif services:
                name = services.pop(rnd.randrange(len(services)))
                status, _ = call(conn, "DELETE", f"/api/v1/namespaces/{NS}/services/{name}")
            else:
                continue
            if status >= 500:
                ERRORS.append(f"writer {index}: HTTP {status}")
            with LOCK:
                WRITES[0] += 1
            if rnd.random() < 0.05:
                call(conn, "GET", f"/api/v1/namespaces/{NS}/pods?labelSelector=app%3Da1")
        except (OSError, http.client.HTTPException) as e:
            if not STOP.is_set():
                ERRORS.append(f"writer {index}: {e}")
            conn.close()
            conn = connect(url)


class Watcher(threading.Thread):
    def __init__(self, url, path):
        super().__init__(daemon=True)
        self.url, self.path = url, path
        self.events, self.restarts, self.last_event = 0, 0, time.monotonic()

    def run(self):
        while not STOP.is_set():
            try:
                conn = connect(self.url, timeout=30)
                status, listed = call(conn, "GET", self.path)
                rv = listed["metadata"]["resourceVersion"]
                conn.request("GET", f"{self.path}?watch=true&allowWatchBookmarks=true&timeoutSeconds=45&resourceVersion={rv}")
                response = conn.getresponse()
                while not STOP.is_set():
                    line = response.readline()
                    if not line:
                        break
                    event = json.loads(line)
                    self.last_event = time.monotonic()
                    self.events += 1
                    if event["type"] == "ERROR":
                        break
                conn.close()
            except (OSError, http.client.HTTPException, ValueError) as e:
                if not STOP.is_set():
                    ERRORS.append(f"watcher {self.path}: {e}")
                time.sleep(0.5)
            self.restarts += 1


def sample(pid, db):
    status = open(f"/proc/{pid}/status", encoding="ascii").read()
    rss_kb = int(next(l.split()[1] for l in status.splitlines() if l.startswith("VmRSS:")))
    fds = len(os.listdir(f"/proc/{pid}/fd"))
    size = sum(os.path.getsize(db + s) for s in ("", "-wal", "-shm") if os.path.exists(db + s))
    return rss_kb / 1024, fds, size / 1024 / 1024


def grows(values, slack):
    """True when the last third's peak clearly exceeds the middle third's (growth without bound)."""
    n = len(values)
    if n < 6:
        return False
    middle, last = values[n // 3: 2 * n // 3], values[2 * n // 3:]
    return max(last) > max(middle) * 1.25 + slack


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--pid", type=int, required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--seconds", type=int, default=600)
    parser.add_argument("--interval", type=float, default=5)
    parser.add_argument("--writers", type=int, default=4)
    args = parser.parse_args()

    conn = connect(args.url)
    call(conn, "POST", "/api/v1/namespaces", {"metadata": {"name": NS}})
    watchers = [Watcher(args.url, p) for p in (f"/api/v1/namespaces/{NS}/pods", f"/api/v1/namespaces/{NS}/services", "/api/v1/pods", "/api/v1/services")]
    for w in watchers:
        w.start()
    writers = [threading.Thread(target=writer, args=(args.url, i), daemon=True) for i in range(args.writers)]
    for w in writers:
        w.start()

    samples, stuck = [], []
    started = time.monotonic()
    print(f"{'t/s':>5} {'RSS/MB':>7} {'fds':>5} {'db/MB':>6} {'writes':>7} {'watch events':>13}")
    while time.monotonic() - started < args.seconds:
        time.sleep(args.interval)
        now = time.monotonic()
        rss, fds, size = sample(args.pid, args.db)
        samples.append((now - started, rss, fds, size, WRITES[0]))
        print(f"{now - started:5.0f} {rss:7.1f} {fds:5d} {size:6.1f} {WRITES[0]:7d} {sum(w.events for w in watchers):13d}", flush=True)
        for w in watchers:
            if now - w.last_event > 20:
                stuck.append(f"{w.path}: no event for {now - w.last_event:.0f} s")
    STOP.set()

    rss = [s[1] for s in samples]
    fds = [s[2] for s in samples]
    db = [s[3] for s in samples]
    writes = samples[-1][4] if samples else 0
    problems = list(dict.fromkeys(stuck))
    if grows(rss, 30):
        problems.append(f"memory keeps growing: {rss[len(rss) // 3]:.0f} → {rss[-1]:.0f} MB")
    if grows(fds, 20):
        problems.append(f"handles keep growing: {fds[len(fds) // 3]} → {fds[-1]}")
    if grows(db, 8):
        problems.append(f"database keeps growing: {db[len(db) // 3]:.1f} → {db[-1]:.1f} MB")
    problems += ERRORS[:10]
    print(f"soak: {samples[-1][0]:.0f} s, {writes} writes ({writes / samples[-1][0]:.0f}/s), "
          f"{sum(w.events for w in watchers)} watch events, {sum(w.restarts for w in watchers)} watch restarts; "
          f"RSS {min(rss):.0f}-{max(rss):.0f} MB (last {rss[-1]:.0f}), fds {min(fds)}-{max(fds)} (last {fds[-1]}), "
          f"db {min(db):.1f}-{max(db):.1f} MB (last {db[-1]:.1f}); {'ok' if not problems else 'FAILED'}")
    for p in problems:
        print(f"  FAIL {p}")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
