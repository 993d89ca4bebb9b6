#!/usr/bin/env python3
"""Generates src/MockApiServer/Api/Protobuf/ProtoSchema.g.cs, the one table the protobuf codec reads.

The facts come from upstream, not from us: field numbers and types from the generated.proto files
of k8s.io/api and k8s.io/apimachinery (what go-to-protobuf wrote from the Go types), and from the
Go types' struct tags (types.go, watch.go) what the .proto cannot say: the JSON name, whether the
Go field is a pointer, omitempty, and inline (a struct whose fields JSON flattens into its parent).

    python3 tools/protobuf/generate.py API_CHECKOUT APIMACHINERY_CHECKOUT > src/MockApiServer/Api/Protobuf/ProtoSchema.g.cs

Each checkout is a work tree or a bare git directory (read at HEAD). The table on main was generated
from the v0.34.10 tags of both (kubectl 1.27-1.33 send nothing newer; upstream HEAD refers to alpha
groups this script does not read). Only the messages reachable
from ROOTS are written.
"""
import os
import re
import subprocess
import sys

# (repository: 0 = k8s.io/api, 1 = k8s.io/apimachinery, directory, Go files with the tagged structs)
PACKAGES = [
    (0, "core/v1", ["types.go"]),
    (0, "discovery/v1", ["types.go"]),
    (0, "policy/v1", ["types.go"]),
    (0, "apps/v1", ["types.go"]),
    (0, "batch/v1", ["types.go"]),
    (0, "coordination/v1", ["types.go"]),
    (0, "networking/v1", ["types.go"]),
    (0, "storage/v1", ["types.go"]),
    (0, "authentication/v1", ["types.go"]),
    (0, "authorization/v1", ["types.go"]),
    (0, "autoscaling/v1", ["types.go"]),
    (1, "pkg/apis/meta/v1", ["types.go", "watch.go"]),
    (1, "pkg/runtime", ["types.go"]),
    (1, "pkg/api/resource", []),
    (1, "pkg/util/intstr", []),
]

# The served kinds and their lists, and the bodies and answers around them.
ROOTS = [
    "k8s.io.api.core.v1." + k for k in
    ["Namespace", "NamespaceList", "Node", "NodeList", "Pod", "PodList", "Service", "ServiceList",
     "Endpoints", "EndpointsList", "Event", "EventList", "Binding",
     "ConfigMap", "ConfigMapList", "Secret", "SecretList", "ServiceAccount", "ServiceAccountList",
     "PersistentVolume", "PersistentVolumeList", "PersistentVolumeClaim", "PersistentVolumeClaimList",
     "ReplicationController", "ReplicationControllerList"]
] + [
    "k8s.io.api.apps.v1." + k for k in
    ["Deployment", "DeploymentList", "ReplicaSet", "ReplicaSetList", "StatefulSet", "StatefulSetList",
     "DaemonSet", "DaemonSetList", "ControllerRevision", "ControllerRevisionList"]
] + [
    "k8s.io.api.batch.v1." + k for k in ["Job", "JobList", "CronJob", "CronJobList"]
] + [
    "k8s.io.api.coordination.v1.Lease", "k8s.io.api.coordination.v1.LeaseList",
    "k8s.io.api.policy.v1.PodDisruptionBudget", "k8s.io.api.policy.v1.PodDisruptionBudgetList",
    "k8s.io.api.networking.v1.Ingress", "k8s.io.api.networking.v1.IngressList",
    "k8s.io.api.networking.v1.IngressClass", "k8s.io.api.networking.v1.IngressClassList",
    "k8s.io.api.storage.v1.StorageClass", "k8s.io.api.storage.v1.StorageClassList",
    "k8s.io.api.authentication.v1.TokenRequest", "k8s.io.api.authentication.v1.SelfSubjectReview",
    "k8s.io.api.authorization.v1.SelfSubjectAccessReview", "k8s.io.api.authorization.v1.SelfSubjectRulesReview",
] + [
    "k8s.io.api.discovery.v1.EndpointSlice", "k8s.io.api.discovery.v1.EndpointSliceList",
    "k8s.io.api.policy.v1.Eviction", "k8s.io.api.autoscaling.v1.Scale",
    "k8s.io.apimachinery.pkg.apis.meta.v1.Status", "k8s.io.apimachinery.pkg.apis.meta.v1.DeleteOptions",
    "k8s.io.apimachinery.pkg.apis.meta.v1.WatchEvent", "k8s.io.apimachinery.pkg.runtime.Unknown",
]

SCALARS = {"string": "String", "bytes": "Bytes", "bool": "Bool", "int32": "Int32", "int64": "Int64", "double": "Double", "float": "Float"}


def read(checkout, path):
    if os.path.exists(os.path.join(checkout, path)):
        with open(os.path.join(checkout, path), encoding="utf-8") as f:
            return f.read()
    return subprocess.run(["git", "--git-dir", checkout, "show", "HEAD:" + path], check=True, capture_output=True, text=True).stdout


def strip_comments(text):
    return re.sub(r"//[^\n]*", "", re.sub(r"/\*.*?\*/", "", text, flags=re.S))


def parse_proto(text):
    """{message full name: [(number, name, label, type)]}, types fully qualified."""
    text = strip_comments(text)
    package = re.search(r"^package\s+([\w.]+);", text, re.M).group(1)
    messages = {}
    for name, body in re.findall(r"^message\s+(\w+)\s*\{(.*?)^\}", text, re.M | re.S):
        fields = []
        for m in re.finditer(r"^\s*(optional|repeated|map<\s*string\s*,\s*([\w.]+)\s*>)\s*([\w.]*)\s+(\w+)\s*=\s*(\d+);", body, re.M):
            label, map_value, typ, field, number = m.groups()
            if map_value:
                label, typ = "map", map_value
            fields.append((int(number), field, label, qualify(typ, package)))
        messages[package + "." + name] = fields
    return package, messages


def qualify(typ, package):
    if typ in SCALARS:
        return typ
    if typ.startswith("."):
        return typ[1:]
    if "." in typ:
        return typ
    return package + "." + typ


def parse_go(text):
    """{struct: {protobuf field number: (json name, pointer, omitempty, inline)}}"""
    structs = {}
    for name, body in re.findall(r"^type\s+(\w+)\s+struct\s*\{(.*?)^\}", text, re.M | re.S):
        fields = {}
        for line in body.splitlines():
            tag = re.search(r'`(.*)`', line)
            if not tag:
                continue
            pb = re.search(r'protobuf:"\w+,(\d+),', tag.group(1))
            js = re.search(r'json:"([^"]*)"', tag.group(1))
            if not pb or not js:
                continue
            decl = line[:line.index("`")].split()
            go_type = decl[-1] if decl else ""
            parts = js.group(1).split(",")
            inline = parts[0] == "" or "inline" in parts[1:]
            fields[int(pb.group(1))] = (parts[0], go_type.startswith("*"), "omitempty" in parts[1:], inline)
        structs[name] = fields
    return structs


def main(api, apimachinery):
    checkouts = [api, apimachinery]
    messages, tags = {}, {}
    for repo, directory, go_files in PACKAGES:
        package, found = parse_proto(read(checkouts[repo], directory + "/generated.proto"))
        messages.update(found)
        for go in go_files:
            for struct, fields in parse_go(read(checkouts[repo], directory + "/" + go)).items():
                tags[package + "." + struct] = fields
    wanted, queue = [], list(ROOTS)
    while queue:
        name = queue.pop()
        if name in wanted or name in SCALARS:
            continue
        if name not in messages:
            raise SystemExit(f"no message {name} in the .proto files read")
        wanted.append(name)
        queue.extend(t for _, _, _, t in messages[name] if t not in SCALARS)

    out = ["// <auto-generated>",
           "// Generated by tools/protobuf/generate.py from k8s.io/api and k8s.io/apimachinery",
           "// (generated.proto for numbers and types, the Go struct tags for JSON names, pointers,",
           "// omitempty and inline). Do not edit; run the script again.",
           "// </auto-generated>",
           "namespace MockApiServer.Api.Protobuf;",
           "",
           "internal static partial class ProtoSchema",
           "{",
           "    private static Dictionary<string, ProtoField[]> Generated() => new(StringComparer.Ordinal)",
           "    {"]
    for name in sorted(wanted):
        go = tags.get(name, {})
        out.append(f'        ["{name}"] =')
        out.append("        [")
        for number, field, label, typ in messages[name]:
            json_name, pointer, omitempty, inline = go.get(number, (field, False, True, False))
            kind = SCALARS.get(typ, "Message")
            message = "null" if typ in SCALARS else f'"{typ}"'
            lab = {"optional": "Optional", "repeated": "Repeated", "map": "Map"}[label]
            flags = " | ".join(f for f, on in [("ProtoFlags.Pointer", pointer), ("ProtoFlags.OmitEmpty", omitempty), ("ProtoFlags.Inline", inline)] if on) or "ProtoFlags.None"
            out.append(f'            new({number}, "{json_name}", ProtoLabel.{lab}, ProtoKind.{kind}, {message}, {flags}),')
        out.append("        ],")
    out += ["    };", "}", ""]
    sys.stdout.write("\n".join(out))


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    main(sys.argv[1], sys.argv[2])
