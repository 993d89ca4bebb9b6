#!/usr/bin/env python3
"""Writer and checks for crash.sh (standard library only).

  crash.py write     --url URL --log LOG --cycle N --seed S   write until the server dies
  crash.py check-db  --db FILE --log LOG                      a copy of the files left by SIGKILL
  crash.py check-api --url URL --db FILE --log LOG            the restarted server

The writer appends one JSON line per ACKNOWLEDGED write (2xx received) and one "lost" line per
request that got no answer. Every check prints what it found and exits 1 on a violation.
"""
import argparse
import http.client
import ipaddress
import json
import random
import sqlite3
import sys
import threading
import urllib.parse

NS = "default"
COUNTER = "crash.mockapi.dev/counter"
THREADS = 4


class Dead(Exception):
    """The server stopped answering (it was killed)."""


class Unexpected(Exception):
    """The server answered, but not as a healthy server would: a bug, not a crash symptom."""


UNEXPECTED = []


def request(conn, method, path, body=None, content_type="application/json"):
    headers = {"Content-Type": content_type} if body is not None else {}
    try:
        conn.request(method, path, body=None if body is None else json.dumps(body), headers=headers)
        response = conn.getresponse()
        data = response.read()
    except (OSError, http.client.HTTPException) as e:
        raise Dead(str(e)) from e
    return response.status, json.loads(data) if data else None


# ---------------------------------------------------------------------------------------- writer

def writer_thread(url, cycle, thread, seed, log, lock):
    rnd = random.Random(f"{seed}/{cycle}/{thread}")
    parsed = urllib.parse.urlparse(url)
    conn = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=10)
    pods, services = {}, {}  # name -> counter, this thread's live objects
    seq = 0

    def ack(op, kind, obj, counter):
        nonlocal seq
        seq += 1
        meta = obj["metadata"]
        line = {"cycle": cycle, "thread": thread, "seq": seq, "op": op, "kind": kind, "name": meta["name"],
                "uid": meta.get("uid"), "rv": int(meta["resourceVersion"]), "counter": counter}
        with lock:
            log.write(json.dumps(line) + "\n")
            log.flush()

    def lost(op, kind, name):
        with lock:
            log.write(json.dumps({"cycle": cycle, "thread": thread, "op": "lost", "intent": op, "kind": kind, "name": name}) + "\n")
            log.flush()

    i = 0
    while True:
        i += 1
        roll = rnd.random()
        op, kind, name = "create", "pods", f"p-{cycle}-{thread}-{i}"
        try:
            if roll < 0.3 or (roll < 0.6 and not pods):
                body = {"apiVersion": "v1", "kind": "Pod",
                        "metadata": {"name": name, "annotations": {COUNTER: "0"}, "labels": {"app": f"a{i % 7}"}},
                        "spec": {"schedulerName": "none", "containers": [{"name": "c", "image": "nginx:1.27"}]}}
                status, obj = request(conn, "POST", f"/api/v1/namespaces/{NS}/pods", body)
                expect(status, 201, obj)
                pods[name] = 0
                ack(op, kind, obj, 0)
            elif roll < 0.6:
                op, name = "update", rnd.choice(sorted(pods))
                status, obj = request(conn, "PATCH", f"/api/v1/namespaces/{NS}/pods/{name}",
                                      {"metadata": {"annotations": {COUNTER: str(pods[name] + 1)}}}, "application/merge-patch+json")
                expect(status, 200, obj)
                pods[name] += 1
                ack(op, kind, obj, pods[name])
            elif roll < 0.8 or not services:
                kind, name = "services", f"s-{cycle}-{thread}-{i}"
                svc_type = "NodePort" if rnd.random() < 0.7 else "ClusterIP"
                body = {"apiVersion": "v1", "kind": "Service",
                        "metadata": {"name": name, "annotations": {COUNTER: "0"}},
                        "spec": {"type": svc_type, "selector": {"app": f"a{i % 7}"},
                                 "ports": [{"name": "http", "port": 80}, {"name": "https", "port": 443}]}}
                status, obj = request(conn, "POST", f"/api/v1/namespaces/{NS}/services", body)
                expect(status, 201, obj)
                services[name] = 0
                ack(op, kind, obj, 0)
            elif roll < 0.9:
                op, kind, name = "update", "services", rnd.choice(sorted(services))
                status, current = request(conn, "GET", f"/api/v1/namespaces/{NS}/services/{name}")
                expect(status, 200, current)
                new_type = "ClusterIP" if current["spec"]["type"] == "NodePort" else "NodePort"
                patch = {"metadata": {"resourceVersion": current["metadata"]["resourceVersion"],
                                      "annotations": {COUNTER: str(services[name] + 1)}},
                         "spec": {"type": new_type}}
                status, obj = request(conn, "PATCH", f"/api/v1/namespaces/{NS}/services/{name}", patch, "application/merge-patch+json")
                expect(status, 200, obj)
                services[name] += 1
                ack(op, kind, obj, services[name])
            else:
                op, kind, name = "delete", "services", rnd.choice(sorted(services))
                status, obj = request(conn, "DELETE", f"/api/v1/namespaces/{NS}/services/{name}")
                expect(status, 200, obj)
                del services[name]
                ack(op, kind, obj, None)
        except Dead:
            lost(op, kind, name)
            return
        except Unexpected as e:
            UNEXPECTED.append(f"{op} {kind}/{name}: {e}")
            return


def expect(status, wanted, body):
    if status != wanted:
        raise Unexpected(f"{status}: {json.dumps(body)[:300]}")


def write(args):
    lock = threading.Lock()
    with open(args.log, "a", encoding="utf-8") as log:
        threads = [threading.Thread(target=writer_thread, args=(args.url, args.cycle, t, args.seed, log, lock)) for t in range(THREADS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    for u in UNEXPECTED:
        print(f"crash writer: unexpected answer to {u}", file=sys.stderr)
    sys.exit(3 if UNEXPECTED else 0)


# ---------------------------------------------------------------------------------------- checks

class Checks:
    def __init__(self, label):
        self.label, self.failures, self.count = label, [], 0

    def check(self, ok, message):
        self.count += 1
        if not ok:
            self.failures.append(message)

    def finish(self, summary):
        if self.failures:
            for f in self.failures[:20]:
                print(f"  FAIL {self.label}: {f}")
            print(f"{self.label}: {len(self.failures)} of {self.count} checks failed")
            sys.exit(1)
        print(f"{self.label}: {self.count} checks ok; {summary}")


def read_log(path):
    acked, lost = [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            entry = json.loads(line)
            (lost if entry["op"] == "lost" else acked).append(entry)
    return acked, lost


def expected_state(acked):
    """(kind, name) -> the last acknowledged entry (create/update: present; delete: absent)."""
    state = {}
    for e in acked:
        key = (e["kind"], e["name"])
        if key not in state or e["rv"] > state[key]["rv"]:
            state[key] = e
    return state


def check_log_order(checks, acked):
    by_thread = {}
    for e in acked:
        by_thread.setdefault((e["cycle"], e["thread"]), []).append(e)
    for key, entries in by_thread.items():
        rvs = [e["rv"] for e in sorted(entries, key=lambda e: e["seq"])]
        checks.check(all(a < b for a, b in zip(rvs, rvs[1:])), f"writer {key}: revisions not strictly increasing: {rvs[:10]}")
    cycles = sorted({e["cycle"] for e in acked})
    highest = 0
    for c in cycles:
        rvs = [e["rv"] for e in acked if e["cycle"] == c]
        checks.check(min(rvs) > highest, f"cycle {c} acknowledged revision {min(rvs)} not above the previous cycles' {highest}")
        highest = max(highest, max(rvs))
    all_rvs = [e["rv"] for e in acked]
    checks.check(len(all_rvs) == len(set(all_rvs)), "two acknowledged writes share a revision")


def ip_value(text):
    return int(ipaddress.ip_address(text))


def check_db(args):
    checks = Checks("check-db")
    acked, lost = read_log(args.log)
    db = sqlite3.connect(f"file:{args.db}?mode=ro", uri=True)
    checks.check(db.execute("PRAGMA integrity_check").fetchone()[0] == "ok", "PRAGMA integrity_check is not ok")

    objects = {}
    for resource, ns, name, rv, text in db.execute("SELECT resource, namespace, name, resource_version, json FROM objects"):
        try:
            obj = json.loads(text)
        except ValueError:
            checks.check(False, f"{resource} {ns}/{name}: stored JSON does not parse")
            continue
        meta = obj.get("metadata", {})
        whole = (meta.get("name") == name and meta.get("namespace", "") == ns and meta.get("uid")
                 and meta.get("resourceVersion") == str(rv) and "kind" in obj and "apiVersion" in obj)
        checks.check(whole, f"{resource} {ns}/{name}: row and JSON disagree or JSON incomplete")
        objects[(resource, ns, name)] = obj

    revisions = [r for (r,) in db.execute("SELECT revision FROM changes ORDER BY revision")]
    max_object_rv = db.execute("SELECT COALESCE(MAX(resource_version), 0) FROM objects").fetchone()[0]
    checks.check(len(revisions) == len(set(revisions)), "changes: a revision appears twice")
    checks.check(not revisions or revisions[-1] >= max_object_rv, "changes: an object is newer than the newest change")
    oldest = revisions[0] if revisions else 0
    for rv, kind, text in db.execute("SELECT revision, type, json FROM changes"):
        stamped = int(json.loads(text)["metadata"].get("resourceVersion", "0"))
        # A put's JSON carries its own revision; a delete's holds the key's last value, written earlier.
        checks.check(stamped == rv if kind != "DELETED" else stamped < rv, f"change {rv} ({kind}): JSON resourceVersion {stamped} does not fit")
    change_keys = {(r, ns, n, rv) for r, ns, n, rv in db.execute("SELECT resource, namespace, name, revision FROM changes")}
    for (resource, ns, name), obj in objects.items():
        rv = int(obj["metadata"]["resourceVersion"])
        if rv >= oldest:
            checks.check((resource, ns, name, rv) in change_keys, f"{resource} {ns}/{name}@{rv}: no change record")

    lost_deletes = {(e["kind"], e["name"]) for e in lost if e["intent"] == "delete"}
    for (kind, name), e in expected_state(acked).items():
        obj = objects.get((kind, NS, name))
        if e["op"] == "delete":
            checks.check(obj is None, f"{kind}/{name}: deleted (acknowledged at {e['rv']}) but present")
            continue
        if obj is None:
            # A delete sent but unanswered when the server was killed may have committed.
            checks.check((kind, name) in lost_deletes, f"{kind}/{name}: acknowledged at {e['rv']} but missing")
            continue
        meta = obj["metadata"]
        checks.check(int(meta["resourceVersion"]) >= e["rv"], f"{kind}/{name}: at {meta['resourceVersion']}, acknowledged at {e['rv']}")
        checks.check(meta["uid"] == e["uid"], f"{kind}/{name}: uid changed")
        checks.check(int(meta.get("annotations", {}).get(COUNTER, "-1")) >= e["counter"], f"{kind}/{name}: counter below acknowledged {e['counter']}")

    # Allocations must be exactly what the stored Services hold: nothing leaked, nothing missing, no value twice.
    wanted, owners = {}, []
    for (resource, ns, name), svc in objects.items():
        if resource != "services":
            continue
        spec, owner = svc.get("spec", {}), f"{ns}/{name}"
        for ip in spec.get("clusterIPs") or ([spec["clusterIP"]] if spec.get("clusterIP") else []):
            if ip != "None":
                owners.append(("clusterip", ip_value(ip)))
                wanted[("clusterip", ip_value(ip))] = owner
        ports = [p["nodePort"] for p in spec.get("ports", []) if p.get("nodePort")]
        if spec.get("healthCheckNodePort"):
            ports.append(spec["healthCheckNodePort"])
        for port in ports:
            owners.append(("nodeport", port))
            wanted[("nodeport", port)] = owner
    checks.check(len(owners) == len(set(owners)), f"two Services hold the same value: {sorted(o for o in owners if owners.count(o) > 1)[:5]}")
    table = {(rng.split(":")[0], value): owner for rng, value, owner in db.execute("SELECT range, value, owner FROM allocations")}
    leaked = sorted(set(table) - set(wanted))
    missing = sorted(set(wanted) - set(table))
    wrong_owner = sorted(k for k in set(table) & set(wanted) if table[k] != wanted[k])
    checks.check(not leaked, f"allocations leaked (no Service holds them): {leaked[:5]}")
    checks.check(not missing, f"Service values missing from allocations: {missing[:5]}")
    checks.check(not wrong_owner, f"allocations with the wrong owner: {wrong_owner[:5]}")

    check_log_order(checks, acked)
    committed_lost = sum(1 for e in lost if e["intent"] == "create" and (e["kind"], NS, e["name"]) in objects)
    checks.finish(f"{len(objects)} objects, {len(table)} allocations, revisions {oldest}..{revisions[-1] if revisions else 0}, "
                  f"{len(acked)} acknowledged writes, {len(lost)} unanswered ({committed_lost} unanswered creates committed)")


def check_api(args):
    checks = Checks("check-api")
    acked, lost = read_log(args.log)
    lost_deletes = {(e["kind"], e["name"]) for e in lost if e["intent"] == "delete"}
    parsed = urllib.parse.urlparse(args.url)
    conn = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=30)
    listed = {}
    for kind in ("pods", "services"):
        status, body = request(conn, "GET", f"/api/v1/namespaces/{NS}/{kind}")
        checks.check(status == 200, f"list {kind}: {status}")
        for item in body["items"]:
            listed[(kind, item["metadata"]["name"])] = item
    for (kind, name), e in expected_state(acked).items():
        item = listed.get((kind, name))
        if e["op"] == "delete":
            checks.check(item is None, f"{kind}/{name}: deleted but served")
        elif item is None:
            checks.check((kind, name) in lost_deletes, f"{kind}/{name}: acknowledged at {e['rv']} but not served")
        else:
            checks.check(int(item["metadata"]["resourceVersion"]) >= e["rv"] and item["metadata"]["uid"] == e["uid"],
                         f"{kind}/{name}: served at {item['metadata']['resourceVersion']}, acknowledged at {e['rv']}")
    db = sqlite3.connect(f"file:{args.db}?mode=ro", uri=True)
    stored = {(r, n): rv for r, n, rv in db.execute(
        "SELECT resource, name, resource_version FROM objects WHERE namespace = ? AND resource IN ('pods', 'services')", (NS,))}
    served = {k: int(v["metadata"]["resourceVersion"]) for k, v in listed.items()}
    checks.check(served == stored, f"the served objects differ from the stored ones: {sorted(set(served.items()) ^ set(stored.items()))[:5]}")
    checks.finish(f"{len(listed)} pods and services served as stored")


def main():
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command", required=True)
    w = sub.add_parser("write")
    w.add_argument("--url", required=True)
    w.add_argument("--log", required=True)
    w.add_argument("--cycle", type=int, required=True)
    w.add_argument("--seed", default="1")
    d = sub.add_parser("check-db")
    d.add_argument("--db", required=True)
    d.add_argument("--log", required=True)
    a = sub.add_parser("check-api")
    a.add_argument("--url", required=True)
    a.add_argument("--db", required=True)
    a.add_argument("--log", required=True)
    args = parser.parse_args()
    {"write": write, "check-db": check_db, "check-api": check_api}[args.command](args)


if __name__ == "__main__":
    main()
