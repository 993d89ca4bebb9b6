// The live cluster page (/ui): one namespace's Services, the endpoints their EndpointSlices
// list, and the Pods grouped by Node, kept current from the watch API (a list, then a watch from
// its resourceVersion; a new list when the watch ends or the server answers 410). Clicking a
// Service asks the server's own models where a connection goes (RouteReview), what DNS answers
// (DNSQuery) and which iptables rules a node's kube-proxy wrote for it.
"use strict";

const params = new URLSearchParams(location.search);
const token = params.get("token") ?? sessionStorage.getItem("mockapi-token");
if (params.get("token")) sessionStorage.setItem("mockapi-token", params.get("token"));
const headers = token ? { Authorization: `Bearer ${token}` } : {};

const state = {
  namespace: params.get("namespace") ?? "default",
  namespaces: new Map(), services: new Map(), slices: new Map(), pods: new Map(), nodes: new Map(),
  selected: null,
};
let watches = new AbortController();
let drawQueued = false;

const $ = (id) => document.getElementById(id);
const el = (tag, attrs = {}, ...children) => {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null) continue;
    if (k === "text") node.textContent = v; else if (k.startsWith("on")) node.addEventListener(k.slice(2), v); else node.setAttribute(k, v);
  }
  node.append(...children);
  return node;
};

async function api(path, init = {}) {
  const response = await fetch(path, { ...init, headers: { Accept: "application/json", ...headers, ...(init.headers ?? {}) } });
  const body = await response.json();
  if (!response.ok) throw new Error(body.message ?? `${response.status} ${response.statusText}`);
  return body;
}

// A list then a watch from its resourceVersion, for as long as the signal allows.
async function follow(path, map, signal) {
  while (!signal.aborted) {
    try {
      const list = await api(path, { signal });
      map.clear();
      for (const item of list.items) map.set(item.metadata.name, item);
      redraw();
      const watch = await fetch(`${path}?watch=1&allowWatchBookmarks=true&resourceVersion=${list.metadata.resourceVersion}`, { headers, signal });
      if (!watch.ok) throw new Error(`watch ${path}: ${watch.status}`);
      setConnection("live");
      const reader = watch.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = "";
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let newline;
        while ((newline = buffer.indexOf("\n")) >= 0) {
          const line = buffer.slice(0, newline).trim();
          buffer = buffer.slice(newline + 1);
          if (line) apply(map, JSON.parse(line));
        }
      }
    } catch (e) {
      if (signal.aborted) return;
      setConnection("error", e.message);
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}

function apply(map, event) {
  if (event.type === "BOOKMARK") return;
  if (event.type === "ERROR") throw new Error(event.object?.message ?? "watch error");
  if (event.type === "DELETED") map.delete(event.object.metadata.name);
  else map.set(event.object.metadata.name, event.object);
  redraw();
}

function setConnection(status, message) {
  const badge = $("connection");
  badge.dataset.state = status;
  badge.textContent = status === "live" ? "live" : `reconnecting: ${message}`;
}

function watchNamespace(namespace) {
  watches.abort();
  watches = new AbortController();
  state.namespace = namespace;
  state.selected = null;
  for (const map of [state.services, state.slices, state.pods]) map.clear();
  const ns = encodeURIComponent(namespace);
  follow(`/api/v1/namespaces/${ns}/services`, state.services, watches.signal);
  follow(`/apis/discovery.k8s.io/v1/namespaces/${ns}/endpointslices`, state.slices, watches.signal);
  follow(`/api/v1/namespaces/${ns}/pods`, state.pods, watches.signal);
  history.replaceState(null, "", `?namespace=${ns}`);
  redraw();
}

function redraw() {
  if (drawQueued) return;
  drawQueued = true;
  requestAnimationFrame(() => { drawQueued = false; draw(); });
}

const isReady = (pod) => (pod.status?.conditions ?? []).some((c) => c.type === "Ready" && c.status === "True");
const byName = (a, b) => a.metadata.name.localeCompare(b.metadata.name);

// The endpoints of a Service: every EndpointSlice labelled with its name, each endpoint once per address.
function endpointsOf(service) {
  const result = [];
  for (const slice of state.slices.values()) {
    if (slice.metadata.labels?.["kubernetes.io/service-name"] !== service.metadata.name) continue;
    const ports = (slice.ports ?? []).map((p) => `${p.port}/${p.protocol ?? "TCP"}`).join(", ");
    for (const endpoint of slice.endpoints ?? []) {
      result.push({
        address: endpoint.addresses?.[0], ports,
        pod: endpoint.targetRef?.kind === "Pod" ? endpoint.targetRef.name : null,
        ready: endpoint.conditions?.ready !== false, terminating: endpoint.conditions?.terminating === true,
      });
    }
  }
  return result;
}

function draw() {
  drawNamespaces();
  drawServices();
  drawNodes();
  drawWires();
  if (state.selected && !state.services.has(state.selected)) selectService(null);
  else if (state.selected) drawFacts(state.services.get(state.selected));
}

function drawNamespaces() {
  const select = $("namespace");
  const names = [...state.namespaces.keys()].sort();
  if (!names.includes(state.namespace)) names.unshift(state.namespace);
  if (select.options.length === names.length && [...select.options].every((o, i) => o.value === names[i])) return;
  select.replaceChildren(...names.map((n) => el("option", { value: n, text: n })));
  select.value = state.namespace;
}

function portText(port) {
  const target = port.targetPort !== undefined && port.targetPort !== port.port ? `→${port.targetPort}` : "";
  const node = port.nodePort ? `:${port.nodePort}` : "";
  return `${port.port}${node}/${port.protocol ?? "TCP"}${target}`;
}

function drawServices() {
  const cards = [...state.services.values()].sort(byName).map((service) => {
    const spec = service.spec ?? {};
    const endpoints = endpointsOf(service);
    const ready = endpoints.filter((e) => e.ready).length;
    const external = [...(spec.externalIPs ?? []), ...(service.status?.loadBalancer?.ingress ?? []).map((i) => i.ip ?? i.hostname)];
    return el("div", {
      class: `card service${state.selected === service.metadata.name ? " selected" : ""}`,
      "data-service": service.metadata.name, onclick: () => selectService(service.metadata.name),
    },
    el("div", { class: "name", text: service.metadata.name }),
    el("div", { class: "facts", text: `${spec.type ?? "ClusterIP"} · ${spec.clusterIP ?? ""}${spec.externalName ? ` → ${spec.externalName}` : ""}` }),
    el("div", { class: "facts", text: (spec.ports ?? []).map(portText).join(", ") }),
    external.length ? el("div", { class: "facts", text: `external: ${external.join(", ")}` }) : "",
    el("div", { class: "facts", "data-endpoint-count": endpoints.length, "data-ready-count": ready, text: `${endpoints.length} endpoints, ${ready} ready` }));
  });
  $("services").replaceChildren(...cards);
}

function drawNodes() {
  const groups = new Map([...state.nodes.keys()].sort().map((n) => [n, []]));
  for (const pod of [...state.pods.values()].sort(byName)) {
    const node = pod.spec?.nodeName ?? "(not scheduled)";
    if (!groups.has(node)) groups.set(node, []);
    groups.get(node).push(pod);
  }
  const cards = [...groups].map(([name, pods]) => {
    const node = state.nodes.get(name);
    const ready = node?.status?.conditions?.find((c) => c.type === "Ready")?.status ?? "Unknown";
    const ip = node?.status?.addresses?.find((a) => a.type === "InternalIP")?.address ?? "";
    return el("div", { class: "card node", "data-node": name, "data-ready": node ? ready : "" },
      el("div", { class: "name", text: name }),
      el("div", { class: "facts", text: node ? `${ready === "True" ? "Ready" : "NotReady"} · ${ip}` : "" }),
      el("div", { class: "pods" }, ...pods.map(podCard)));
  });
  $("nodes").replaceChildren(...cards);
}

function podCard(pod) {
  const statuses = pod.status?.containerStatuses ?? [];
  const readyCount = statuses.filter((s) => s.ready).length;
  const waiting = statuses.find((s) => s.state?.waiting)?.state.waiting.reason;
  const phase = pod.metadata.deletionTimestamp ? "Terminating" : waiting ?? pod.status?.phase ?? "Pending";
  return el("div", {
    class: "pod", "data-pod": pod.metadata.name, "data-ready": String(isReady(pod)),
    "data-terminating": String(Boolean(pod.metadata.deletionTimestamp)), "data-phase": phase,
  },
  el("div", { class: "name", text: pod.metadata.name }),
  el("div", { class: "facts", text: `${phase} · ${readyCount}/${(pod.spec?.containers ?? []).length} ready` }),
  el("div", { class: "facts", text: pod.status?.podIP ?? "no IP" }));
}

// One curve per endpoint from its Service's card to its Pod's card.
function drawWires() {
  const svg = $("wires");
  const origin = svg.getBoundingClientRect();
  const paths = [];
  for (const service of state.services.values()) {
    const from = document.querySelector(`[data-service="${CSS.escape(service.metadata.name)}"]`);
    for (const endpoint of endpointsOf(service)) {
      const to = endpoint.pod && document.querySelector(`[data-pod="${CSS.escape(endpoint.pod)}"]`);
      if (!from || !to) continue;
      const a = from.getBoundingClientRect(), b = to.getBoundingClientRect();
      const x1 = a.right - origin.left, y1 = a.top + a.height / 2 - origin.top;
      const x2 = b.left - origin.left, y2 = b.top + b.height / 2 - origin.top;
      const path = document.createElementNS("http://www.w3.org/2000/svg", "path");
      path.setAttribute("d", `M${x1},${y1} C${x1 + 80},${y1} ${x2 - 80},${y2} ${x2},${y2}`);
      path.setAttribute("class", endpoint.terminating ? "terminating" : endpoint.ready ? "ready" : "not-ready");
      path.setAttribute("data-endpoint", `${service.metadata.name}/${endpoint.pod}`);
      const title = document.createElementNS("http://www.w3.org/2000/svg", "title");
      title.textContent = `${endpoint.address} ${endpoint.ports}`;
      path.append(title);
      paths.push(path);
    }
  }
  svg.replaceChildren(...paths);
}

function selectService(name) {
  state.selected = name;
  $("details").hidden = !name;
  drawServices();
  drawWires();
  if (!name) return;
  const service = state.services.get(name);
  $("details-title").textContent = `Service ${state.namespace}/${name}`;
  drawFacts(service);
  fillRouteSources(service);
  $("route-result").replaceChildren();
  resolveDns(service);
  const nodeSelect = $("iptables-node");
  nodeSelect.replaceChildren(...[...state.nodes.keys()].sort().map((n) => el("option", { value: n, text: n })));
  showIptables(service, nodeSelect.value);
}

function drawFacts(service) {
  const spec = service.spec ?? {};
  const facts = [
    ["Type", spec.type ?? "ClusterIP"], ["ClusterIP", (spec.clusterIPs ?? [spec.clusterIP]).join(", ")],
    ["Ports", (spec.ports ?? []).map(portText).join(", ")],
    ["Selector", Object.entries(spec.selector ?? {}).map(([k, v]) => `${k}=${v}`).join(", ") || "(none)"],
    ["Traffic policy", `external ${spec.externalTrafficPolicy ?? "-"}, internal ${spec.internalTrafficPolicy ?? "-"}`],
    ["Session affinity", spec.sessionAffinity ?? "None"],
    ["Endpoints", endpointsOf(service).map((e) => `${e.address}${e.ready ? "" : " (not ready)"}`).join(", ") || "(none)"],
  ];
  $("details-facts").replaceChildren(...facts.flatMap(([k, v]) => [el("dt", { text: k }), el("dd", { text: v })]));
}

function fillRouteSources(service) {
  const spec = service.spec ?? {};
  const port = spec.ports?.[0];
  const options = [...state.pods.values()].filter((p) => p.status?.podIP).sort(byName).map((pod) =>
    el("option", { value: `pod:${pod.metadata.name}`, "data-destination": `${service.metadata.name}:${port?.port ?? 80}`, text: `pod ${pod.metadata.name}` }));
  const node = [...state.nodes.values()][0];
  const nodeIp = node?.status?.addresses?.find((a) => a.type === "InternalIP")?.address;
  if (port?.nodePort && nodeIp)
    options.unshift(el("option", { value: "ip:192.168.1.10", "data-destination": `${nodeIp}:${port.nodePort}`, text: `outside (192.168.1.10) via ${node.metadata.name}'s NodePort` }));
  if (spec.clusterIP && spec.clusterIP !== "None" && node)
    options.push(el("option", { value: `node:${node.metadata.name}`, "data-destination": `${spec.clusterIP}:${port?.port ?? 80}`, text: `node ${node.metadata.name}` }));
  const select = $("route-source");
  select.replaceChildren(...options);
  select.onchange = () => { $("route-destination").value = select.selectedOptions[0]?.dataset.destination ?? ""; };
  select.onchange();
}

async function traceRoute(event) {
  event.preventDefault();
  const [kind, value] = ($("route-source").value ?? "").split(/:(.*)/);
  const spec = { destination: $("route-destination").value };
  if (kind === "pod") spec.sourcePod = { namespace: state.namespace, name: value };
  else if (kind === "ip") spec.sourceIP = value;
  else if (kind === "node") { spec.sourceNode = value; spec.sourceIP = state.nodes.get(value)?.status?.addresses?.find((a) => a.type === "InternalIP")?.address; }
  const out = $("route-result");
  try {
    const review = await api("/apis/mockapi.dev/v1/routereviews", {
      method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ apiVersion: "mockapi.dev/v1", kind: "RouteReview", spec }),
    });
    const status = review.status ?? {};
    const verdict = status.routed
      ? `→ ${status.endpoint?.pod ?? status.endpoint?.ip}:${status.endpoint?.port} on ${status.endpoint?.node ?? "?"}`
      : `not routed: ${status.reason ?? ""} ${status.message ?? ""}`;
    const candidates = status.candidates ?? [];
    out.replaceChildren(
      el("p", { "data-routed": String(Boolean(status.routed)), text: verdict }),
      el("ol", { class: "hops" }, ...(status.hops ?? []).map((h) => el("li", { text: `${h.kind} ${h.name ?? ""}${h.table ? ` (${h.table})` : ""}${h.comment ? ` — ${h.comment}` : ""}` }))),
      candidates.length ? el("table", { class: "candidates" },
        el("tr", {}, el("th", { text: "pod" }), el("th", { text: "address" }), el("th", { text: "probability" })),
        ...candidates.map((c) => el("tr", {}, el("td", { text: c.pod ?? "" }), el("td", { text: `${c.ip}:${c.port}` }), el("td", { text: `${Math.round((c.probability ?? 0) * 100)} %` })))) : "");
  } catch (e) {
    out.replaceChildren(el("p", { class: "error", text: e.message }));
  }
}

// What a pod in this namespace gets for the short name, and the FQDN every pod can use.
async function resolveDns(service) {
  const out = $("dns-result");
  const name = service.metadata.name;
  try {
    const query = await api("/apis/mockapi.dev/v1/dnsqueries", {
      method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ apiVersion: "mockapi.dev/v1", kind: "DNSQuery", spec: { name, type: "A", fromNamespace: state.namespace } }),
    });
    const status = query.status ?? {};
    out.replaceChildren(
      el("p", { text: `${name} from ${state.namespace}: ${status.rcode}${status.expansion ? ` (as ${status.expansion})` : ""}` }),
      el("ul", {}, ...(status.answers ?? []).map((a) => el("li", { "data-dns-answer": a.data, text: `${a.name} ${a.ttl} ${a.type} ${a.data}` }))));
  } catch (e) {
    out.replaceChildren(el("p", { class: "error", text: e.message }));
  }
}

// The node's iptables-save text, cut down to the chains that mention this Service and the chains they jump to.
async function showIptables(service, node) {
  const out = $("iptables");
  if (!node) { out.textContent = ""; return; }
  const response = await fetch(`/apis/mockapi.dev/v1/nodes/${encodeURIComponent(node)}/iptables`, { headers });
  const lines = (await response.text()).split("\n");
  const tag = `${state.namespace}/${service.metadata.name}`;
  const chains = new Set();
  for (const line of lines.filter((l) => l.includes(tag)))
    for (const m of line.matchAll(/KUBE-(?:SVC|SVL|SEP|EXT|FW|XLB)-[A-Z0-9]+/g)) chains.add(m[0]);
  const related = lines.filter((l) => l.includes(tag) || [...chains].some((c) => l.startsWith(`-A ${c} `) || l.startsWith(`:${c} `)));
  out.textContent = related.join("\n") || "(no rules for this Service)";
}

$("namespace").addEventListener("change", (e) => watchNamespace(e.target.value));
$("route-form").addEventListener("submit", traceRoute);
$("iptables-node").addEventListener("change", (e) => state.selected && showIptables(state.services.get(state.selected), e.target.value));
window.addEventListener("resize", redraw);
follow("/api/v1/namespaces", state.namespaces, new AbortController().signal);
follow("/api/v1/nodes", state.nodes, new AbortController().signal);
watchNamespace(state.namespace);
