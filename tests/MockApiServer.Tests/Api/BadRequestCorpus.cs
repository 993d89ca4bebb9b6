using System.Text;
using System.Text.Json;

namespace MockApiServer.Tests.Api;

/// <summary>One malformed request; <see cref="Label"/> says what is wrong with it.</summary>
public sealed record BadRequest(string Label, HttpMethod Method, string Path, byte[]? Body = null, string? ContentType = null, string? Accept = null)
{
    public override string ToString() => $"{Method} {Path} [{ContentType}] {Label}";
}

/// <summary>An operation of the OpenAPI document: a path with its placeholders filled in, and a verb.</summary>
public sealed record Route(HttpMethod Method, string Path, string Template)
{
    public bool IsItem => Template.EndsWith("{name}", StringComparison.Ordinal);
    public bool IsCollection => !Template.Contains("{name}", StringComparison.Ordinal);
    public bool IsSubresource => Template.Contains("{name}/", StringComparison.Ordinal);
    public string Subresource => IsSubresource ? Template[(Template.IndexOf("{name}/", StringComparison.Ordinal) + 7)..] : "";
    public string Plural => Template.Split('/')[IsSubresource ? ^3 : IsItem ? ^2 : ^1];
}

/// <summary>
/// Malformed requests generated from the API's own routes: bodies that do not parse, have the wrong
/// types, numbers or depth, invalid metadata, bad patches of each patch type, bad query values,
/// wrong content types, unknown subresources and wrong verbs. None of them may write anything.
/// </summary>
public static partial class BadRequestCorpus
{
    private const string Json = "application/json";
    private static readonly string[] PatchTypes =
        ["application/json-patch+json", "application/merge-patch+json", "application/strategic-merge-patch+json", "application/apply-patch+yaml"];

    /// <summary>The routes of an OpenAPI v3 document, with {namespace} and {name} set to existing objects.</summary>
    public static IReadOnlyList<Route> Routes(JsonElement openApi, Func<string, string> existingName)
    {
        var routes = new List<Route>();
        // The deprecated watch paths stream until their timeout; they parse the list's parameters
        // with the list's code, which the list routes here already cover (WatchPathTests has theirs).
        foreach (var path in openApi.GetProperty("paths").EnumerateObject().Where(p => !p.Name.Contains("/watch/", StringComparison.Ordinal)))
        {
            foreach (var op in path.Value.EnumerateObject().Where(o => o.Name is "get" or "put" or "post" or "patch" or "delete"))
            {
                var route = new Route(new HttpMethod(op.Name.ToUpperInvariant()), path.Name, path.Name);
                var filled = path.Name.Replace("{namespace}", "default", StringComparison.Ordinal).Replace("{name}", existingName(route.Plural), StringComparison.Ordinal);
                routes.Add(route with { Path = filled });
            }
        }
        return routes;
    }

    public static IEnumerable<BadRequest> From(IReadOnlyList<Route> routes)
    {
        foreach (var route in routes)
        {
            var requests = route switch
            {
                { IsSubresource: true } when route.Subresource is "log" or "exec" => StreamingRequests(route),
                // The proxy and port-forward connect operations hand their bodies to the backend; they are not writes.
                { IsSubresource: true } when route.Subresource.StartsWith("proxy", StringComparison.Ordinal) || route.Subresource == "portforward" => [],
                { IsSubresource: true } when route.Subresource == "binding" => BodyRequests(route, Json),
                _ when route.Method == HttpMethod.Get && route.IsCollection => ListRequests(route),
                _ when route.Method == HttpMethod.Post || route.Method == HttpMethod.Put => BodyRequests(route, Json).Concat(ContentTypeRequests(route)).Concat(WriteQueryRequests(route)),
                _ when route.Method == HttpMethod.Patch => PatchRequests(route).Concat(WriteQueryRequests(route)),
                _ when route.Method == HttpMethod.Delete && route.IsCollection => DeleteCollectionRequests(route),
                _ when route.Method == HttpMethod.Delete => DeleteRequests(route),
                _ => [],
            };
            foreach (var r in requests) yield return r;
        }
        foreach (var r in routes.Where(r => r.IsItem && r.Method == HttpMethod.Get).SelectMany(PathRequests)) yield return r;
    }

    // ------------------------------------------------------------------------------ bodies

    /// <summary>Text that is not JSON (or YAML) at all.</summary>
    private static readonly string[] Unparsable =
    [
        "{", "}", "nul", "[1,", "\"unterminated", "{\"a\":}", "{'single':1}", "{\"metadata\":{}}}", "{\"a\" 1}",
        "\u0000\u0001\u0002", "{\"metadata\":{\"name\":\"x\"},}", "@@@", "{\"a\":tru}", "{\"a\":01}", "{\"a\":\"\\x\"}",
    ];

    /// <summary>Well-formed JSON with a field of the wrong type, a number no field can hold, or invalid metadata.</summary>
    private static IEnumerable<(string Label, string Body)> WrongObjects(Route route)
    {
        var kind = KindOf(route);
        var name = route.IsItem || route.IsSubresource ? route.Path.Split('/')[route.IsSubresource ? ^2 : ^1] : "bad-input";
        string Obj(string metadata, string rest = "") => $"{{\"apiVersion\":\"v1\",\"kind\":\"{kind}\",\"metadata\":{metadata}{rest}}}";
        string Meta(string extra) => $"{{\"name\":\"{name}\"{extra}}}";

        yield return ("top-level array", "[1,2,3]");
        yield return ("top-level string", "\"pod\"");
        yield return ("top-level number", "42");
        yield return ("null body", "null");
        yield return ("kind is a number", "{\"kind\":5,\"apiVersion\":\"v1\"}");
        yield return ("apiVersion is an object", "{\"kind\":\"" + kind + "\",\"apiVersion\":{}}");
        yield return ("another kind", Obj(Meta(""), "").Replace($"\"kind\":\"{kind}\"", kind == "ConfigMap" ? "\"kind\":\"Secret\"" : "\"kind\":\"ConfigMap\"", StringComparison.Ordinal));
        yield return ("another apiVersion", Obj(Meta(""), "").Replace("\"apiVersion\":\"v1\"", "\"apiVersion\":\"v9\"", StringComparison.Ordinal));
        foreach (var (label, metadata) in new[]
        {
            ("metadata is a string", "\"x\""), ("metadata is a number", "7"), ("metadata is an array", "[]"), ("metadata is true", "true"),
            ("name is a number", "{\"name\":5}"), ("name is an object", "{\"name\":{}}"),
            ("labels is an array", Meta(",\"labels\":[]")), ("label value is a number", Meta(",\"labels\":{\"a\":1}")),
            ("annotations is a string", Meta(",\"annotations\":\"x\"")), ("annotation value is an object", Meta(",\"annotations\":{\"a\":{}}")),
            ("generation overflows", Meta(",\"generation\":99999999999999999999999")), ("generation is 1e400", Meta(",\"generation\":1e400")),
            ("generation is fractional", Meta(",\"generation\":1.5")), ("generation is -1e400", Meta(",\"generation\":-1e400")),
            ("creationTimestamp is not a time", Meta(",\"creationTimestamp\":\"yesterday\"")), ("finalizers is a string", Meta(",\"finalizers\":\"x\"")),
            ("ownerReferences is an object", Meta(",\"ownerReferences\":{}")),
            ("deep nesting in labels", Meta(",\"labels\":" + new string('[', 10_000) + new string(']', 10_000))),
        })
        {
            yield return (label, Obj(metadata));
        }
        var hasSpec = kind is "Pod" or "Service" or "Node" or "Namespace";
        foreach (var (label, rest) in new[]
        {
            ("spec is a string", ",\"spec\":\"x\""), ("spec is an array", ",\"spec\":[]"), ("spec is a number", ",\"spec\":12"),
        }.Where(_ => hasSpec))
        {
            yield return (label, Obj(Meta(""), rest));
        }
        foreach (var (label, rest) in new[]
        {
            ("deep nesting in spec", ",\"spec\":" + new string('[', 10_000) + new string(']', 10_000)),
            ("deep nesting of objects", ",\"spec\":" + string.Concat(Enumerable.Repeat("{\"a\":", 5_000)) + "1" + new string('}', 5_000)),
        })
        {
            yield return (label, Obj(Meta(""), rest));
        }
        if (hasSpec) yield return ("status is a string", Obj(Meta(""), ",\"status\":\"x\""));
        // A status write ignores the spec, so a bad spec is no mistake there.
        foreach (var (label, rest) in route.Subresource == "status" ? [] : KindSpecific(kind)) yield return (label, Obj(Meta(""), rest));
        if (route.Method == HttpMethod.Post && !route.IsSubresource)
        {
            foreach (var bad in InvalidNames) yield return ($"invalid name {Short(bad)}", Obj($"{{\"name\":{JsonSerializer.Serialize(bad)}}}", ValidSpec(kind)));
            foreach (var (label, metadata) in InvalidMetadata.Where(m => route.Template.Contains("{namespace}", StringComparison.Ordinal) || !m.Label.StartsWith("namespace", StringComparison.Ordinal)))
                yield return (label, Obj($"{{\"name\":\"bad-meta\"{metadata}}}", ValidSpec(kind)));
            yield return ("no name nor generateName", Obj("{}", ValidSpec(kind)));
            yield return ("invalid generateName", Obj("{\"generateName\":\"Bad_\"}", ValidSpec(kind)));
        }
        if (route.Method == HttpMethod.Put && !route.IsSubresource)
        {
            foreach (var rv in new[] { "abc", "-1", "99999999999999999999", "1.5", " 1", "0x10" })
                yield return ($"resourceVersion {rv}", Obj(Meta($",\"resourceVersion\":\"{rv}\""), ValidSpec(kind)));
            yield return ("name differs from the URL", Obj("{\"name\":\"someone-else\"}", ValidSpec(kind)));
            if (route.Template.Contains("{namespace}", StringComparison.Ordinal))
                yield return ("namespace differs from the URL", Obj(Meta(",\"namespace\":\"kube-system\""), ValidSpec(kind)));
            yield return ("uid precondition fails", Obj(Meta(",\"uid\":\"not-the-uid\""), ValidSpec(kind)));
        }
    }

    private static readonly string[] InvalidNames =
    [
        "UPPER", "under_score", "-leading", "trailing-", "a/b", "a..b", ".", "..", "sp ace", "ünïcode", "a%2Fb", new string('a', 254), "a:b", "@",
    ];

    private static readonly (string Label, string Metadata)[] InvalidMetadata =
    [
        ("label key with a space", ",\"labels\":{\"a b\":\"c\"}"), ("label key with an empty prefix", ",\"labels\":{\"/a\":\"c\"}"),
        ("label key with an empty name", ",\"labels\":{\"a/\":\"c\"}"), ("label value too long", ",\"labels\":{\"a\":\"" + new string('v', 64) + "\"}"),
        ("label value with a slash", ",\"labels\":{\"a\":\"b/c\"}"), ("label value starting with a dash", ",\"labels\":{\"a\":\"-b\"}"),
        ("label key too long", ",\"labels\":{\"" + new string('k', 64) + "\":\"v\"}"), ("label prefix not DNS", ",\"labels\":{\"Bad_Prefix/a\":\"v\"}"),
        ("annotation key invalid", ",\"annotations\":{\"a b\":\"c\"}"), ("annotation key empty", ",\"annotations\":{\"\":\"c\"}"),
        ("annotations over 256 KiB", ",\"annotations\":{\"big\":\"" + new string('x', 262_145) + "\"}"),
        ("namespace differs from the URL", ",\"namespace\":\"kube-system\""),
    ];

    private static IEnumerable<(string Label, string Fields)> KindSpecific(string kind) => kind switch
    {
        "Pod" =>
        [
            ("containers is a string", ",\"spec\":{\"containers\":\"nope\"}"), ("containers is an object", ",\"spec\":{\"containers\":{}}"),
            ("containerPort overflows", ",\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"i\",\"ports\":[{\"containerPort\":99999999999}]}]}"),
            ("containerPort is a string", ",\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"i\",\"ports\":[{\"containerPort\":\"http\"}]}]}"),
            ("grace period 1e400", ",\"spec\":{\"terminationGracePeriodSeconds\":1e400,\"containers\":[{\"name\":\"c\",\"image\":\"i\"}]}"),
            ("cpu quantity invalid", ",\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"i\",\"resources\":{\"limits\":{\"cpu\":\"lots\"}}}]}"),
            ("quantity is an object", ",\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"i\",\"resources\":{\"limits\":{\"cpu\":{}}}}]}"),
            ("container without image", ",\"spec\":{\"containers\":[{\"name\":\"c\"}]}"),
            ("probe port is an array", ",\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"i\",\"readinessProbe\":{\"httpGet\":{\"port\":[]}}}]}"),
        ],
        "Service" =>
        [
            ("ports is a string", ",\"spec\":{\"ports\":\"80\"}"), ("port is a string", ",\"spec\":{\"ports\":[{\"port\":\"eighty\"}]}"),
            ("port overflows", ",\"spec\":{\"ports\":[{\"port\":1e20}]}"), ("nodePort out of range", ",\"spec\":{\"type\":\"NodePort\",\"ports\":[{\"port\":80,\"nodePort\":1}]}"),
            ("targetPort is an object", ",\"spec\":{\"ports\":[{\"port\":80,\"targetPort\":{}}]}"), ("type unknown", ",\"spec\":{\"type\":\"Bogus\",\"ports\":[{\"port\":80}]}"),
            ("clusterIP not an IP", ",\"spec\":{\"clusterIP\":\"999.1.1.1\",\"ports\":[{\"port\":80}]}"), ("selector is an array", ",\"spec\":{\"selector\":[],\"ports\":[{\"port\":80}]}"),
        ],
        "Node" => [("podCIDR invalid", ",\"spec\":{\"podCIDR\":\"nope\"}"), ("taints is an object", ",\"spec\":{\"taints\":{}}")],
        "Namespace" => [("finalizers is a number", ",\"spec\":{\"finalizers\":1}")],
        "Endpoints" => [("subsets is an object", ",\"subsets\":{}"), ("address not an IP", ",\"subsets\":[{\"addresses\":[{\"ip\":\"nope\"}],\"ports\":[{\"port\":80}]}]")],
        "Binding" => [("target is a number", ",\"target\":5"), ("target is a string", ",\"target\":\"node-1\"")],
        _ => [],
    };

    private static string ValidSpec(string kind) => kind switch
    {
        "Pod" => ",\"spec\":{\"schedulerName\":\"none\",\"containers\":[{\"name\":\"c\",\"image\":\"nginx\"}]}",
        "Service" => ",\"spec\":{\"ports\":[{\"port\":80}]}",
        _ => "",
    };

    private static IEnumerable<BadRequest> BodyRequests(Route route, string contentType)
    {
        foreach (var text in Unparsable) yield return Req(route, $"unparsable {Short(text)}", text, contentType);
        foreach (var (label, body) in WrongObjects(route)) yield return Req(route, label, body, contentType);
        yield return Req(route, "10 MiB body", new string(' ', 10 * 1024 * 1024) + "{}", contentType);
        yield return Req(route, "empty body", "", contentType);
        if (KindOf(route) == "Pod") yield return Req(route, "yaml deep nesting", "a: " + new string('[', 10_000), "application/yaml");
        yield return Req(route, "yaml billion laughs", BillionLaughs, "application/yaml");
        yield return Req(route, "yaml tabs", "metadata:\n\tname: x", "application/yaml");
        yield return Req(route, "yaml two documents", "a: 1\n---\nb: 2", "application/yaml");
        yield return Req(route, "yaml complex key", "? [a, b]\n: c", "application/yaml");
        yield return new BadRequest("garbage protobuf", route.Method, route.Path, [0x6b, 0x38, 0x73, 0x00, 0xff, 0xff, 0xff, 0x0f, 0x0a], "application/vnd.kubernetes.protobuf");
        yield return new BadRequest("protobuf without prefix", route.Method, route.Path, Encoding.UTF8.GetBytes("{\"kind\":\"Pod\"}"), "application/vnd.kubernetes.protobuf");
    }

    private const string BillionLaughs =
        "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n" +
        "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n" +
        "g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]\nh: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]\n";

    private static IEnumerable<BadRequest> ContentTypeRequests(Route route)
    {
        var body = "{\"metadata\":{\"name\":\"ct\"}}";
        foreach (var type in new[] { "application/xml", "text/plain", "application/json-patch+json", "application/merge-patch+json", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded", "image/png", "application/cbor" })
            yield return Req(route, $"content type {type}", body, type);
    }

    // ------------------------------------------------------------------------------ queries

    private static readonly string[] BadLabelSelectors =
        ["a in (", "!=x", "a=b=c", "a,,b", "a in (b", "@", "a notin b", "a in ()", "a b", "a=(b)", "=b", "!", "a!", "a in (b,c", new string('k', 400) + "=v", "a=" + new string('v', 64), "a/b/c=d", "a=b,", ",a=b", "a in (b) c", "%%", "a<b"];

    private static readonly string[] BadFieldSelectors =
        ["metadata.name", "foo=bar", "a==", "spec.unknownField=1", "=x", "!", "metadata.name in (a)", "metadata.name=a,,", "metadata.labels=a", "status.podIP>1"];

    private static readonly (string, string)[] BadListQueries =
    [
        ("resourceVersion", "abc"), ("resourceVersion", "-1"), ("resourceVersion", "99999999999999999999"), ("resourceVersion", "1.5"),
        ("resourceVersion", "0x10"), ("resourceVersionMatch", "Bogus"), ("resourceVersionMatch", "Exact"), ("resourceVersionMatch", "NotOlderThan"),
        ("limit", "abc"), ("limit", "99999999999999999999"), ("limit", "1e3"), ("limit", "1.5"), ("limit", "0x10"),
        ("continue", "garbage"), ("continue", "eyJhIjoxfQ"), ("continue", "eyJ2IjoibWV0YS5rOHMuaW8vdjEiLCJydiI6LTEsInN0YXJ0IjoiXHUwMDAwIn0"),
        ("continue", "%%%"), ("continue", "AAAA"), ("watch", "maybe"), ("watch", "2"),
    ];

    /// <summary>Watch-only parameters, bad only in a watch (a plain list ignores them).</summary>
    private static readonly (string, string)[] BadWatchQueries =
    [
        ("timeoutSeconds", "abc"), ("timeoutSeconds", "99999999999999999999"), ("sendInitialEvents", "x"), ("allowWatchBookmarks", "perhaps"),
        ("resourceVersion", "abc"), ("resourceVersion", "-1"),
    ];

    private static IEnumerable<BadRequest> ListRequests(Route route)
    {
        foreach (var s in BadLabelSelectors) yield return Query(route, $"labelSelector {Short(s)}", "labelSelector", s);
        foreach (var s in BadFieldSelectors) yield return Query(route, $"fieldSelector {Short(s)}", "fieldSelector", s);
        foreach (var (name, value) in BadListQueries) yield return Query(route, $"{name}={value}", name, value);
        foreach (var (name, value) in BadWatchQueries)
            yield return new BadRequest($"watch with {name}={value}", HttpMethod.Get, $"{route.Path}?watch=true&{name}={Uri.EscapeDataString(value)}");
        yield return new BadRequest("watch with bad selector", HttpMethod.Get, $"{route.Path}?watch=1&labelSelector=a%20in%20(");
        yield return new BadRequest("continue with resourceVersion", HttpMethod.Get, $"{route.Path}?limit=1&continue=eyJhIjoxfQ&resourceVersion=5");
    }

    private static IEnumerable<BadRequest> WriteQueryRequests(Route route)
    {
        var body = route.Method == HttpMethod.Patch ? "{}" : "{\"metadata\":{\"name\":\"x\"}}";
        var type = route.Method == HttpMethod.Patch ? PatchTypes[1] : Json;
        foreach (var (name, value) in new[] { ("dryRun", "Bogus"), ("dryRun", "true"), ("dryRun", ""), ("fieldValidation", "Bogus"), ("fieldValidation", "strict"), ("fieldManager", new string('m', 129)) })
            yield return new BadRequest($"{name}={Short(value)}", route.Method, $"{route.Path}?{name}={Uri.EscapeDataString(value)}", Encoding.UTF8.GetBytes(body), type);
        yield return new BadRequest("strict with unknown field", route.Method, $"{route.Path}?fieldValidation=Strict",
            Encoding.UTF8.GetBytes(route.Method == HttpMethod.Patch ? "{\"unknownField\":1}" : "{\"metadata\":{\"name\":\"x\"},\"unknownField\":1}"), type);
    }

    private static IEnumerable<BadRequest> DeleteRequests(Route route)
    {
        foreach (var (name, value) in new[] { ("gracePeriodSeconds", "abc"), ("gracePeriodSeconds", "99999999999999999999"), ("gracePeriodSeconds", "-5"), ("propagationPolicy", "Bogus"), ("dryRun", "Bogus"), ("dryRun", "1") })
            yield return new BadRequest($"{name}={value}", HttpMethod.Delete, $"{route.Path}?{name}={value}");
        foreach (var text in Unparsable) yield return Req(route, $"options unparsable {Short(text)}", text, Json);
        foreach (var (label, body) in new[]
        {
            ("stale resourceVersion precondition", "{\"preconditions\":{\"resourceVersion\":\"1\"}}"), ("uid precondition fails", "{\"preconditions\":{\"uid\":\"other\"}}"),
            ("options of another kind", "{\"kind\":\"Pod\",\"apiVersion\":\"v1\"}"), ("gracePeriodSeconds a string", "{\"gracePeriodSeconds\":\"x\"}"),
            ("gracePeriodSeconds 1e400", "{\"gracePeriodSeconds\":1e400}"), ("propagationPolicy unknown", "{\"propagationPolicy\":\"Sideways\"}"),
            ("preconditions an array", "{\"preconditions\":[]}"), ("dryRun unknown", "{\"dryRun\":[\"Bogus\"]}"), ("options an array", "[]"),
            ("options 10 MiB", "{\"x\":\"" + new string('x', 10 * 1024 * 1024) + "\"}"), ("options deep nesting", "{\"x\":" + new string('[', 10_000) + new string(']', 10_000) + "}"),
        })
        {
            yield return Req(route, label, body, Json);
        }
        yield return Req(route, "options as xml", "<DeleteOptions/>", "application/xml");
    }

    private static IEnumerable<BadRequest> DeleteCollectionRequests(Route route)
    {
        foreach (var s in BadLabelSelectors.Take(10)) yield return new BadRequest($"labelSelector {Short(s)}", HttpMethod.Delete, $"{route.Path}?labelSelector={Uri.EscapeDataString(s)}");
        foreach (var s in BadFieldSelectors.Take(6)) yield return new BadRequest($"fieldSelector {Short(s)}", HttpMethod.Delete, $"{route.Path}?fieldSelector={Uri.EscapeDataString(s)}");
        foreach (var (name, value) in new[] { ("gracePeriodSeconds", "abc"), ("dryRun", "Bogus"), ("limit", "abc") })
            yield return new BadRequest($"{name}={value}", HttpMethod.Delete, $"{route.Path}?{name}={value}");
        foreach (var text in Unparsable.Take(6)) yield return Req(route, $"options unparsable {Short(text)}", text, Json);
        yield return Req(route, "options of another kind", "{\"kind\":\"Pod\",\"apiVersion\":\"v1\"}", Json);
    }

    private static IEnumerable<BadRequest> StreamingRequests(Route route)
    {
        foreach (var (name, value) in new[]
        {
            ("tailLines", "abc"), ("tailLines", "99999999999999999999"), ("limitBytes", "x"), ("sinceSeconds", "-"), ("sinceTime", "yesterday"),
            ("follow", "maybe"), ("previous", "2"), ("timestamps", "sometimes"), ("container", "no-such-container"), ("sinceSeconds", "1&sinceTime=2024-01-01T00:00:00Z"),
            ("stdout", "perhaps"), ("tty", "x"),
        })
        {
            yield return new BadRequest($"{route.Subresource} {name}={value}", route.Method, $"{route.Path}?{name}={value}");
        }
        if (route.Subresource == "exec") yield return new BadRequest("exec without streams", route.Method, $"{route.Path}?command=ls");
    }

    // ------------------------------------------------------------------------------ paths

    private static IEnumerable<BadRequest> PathRequests(Route route)
    {
        foreach (var sub in new[] { "foo", "scale", "proxy", "status/extra", "eviction", "ephemeralcontainers", "attach", "portforward", "resize" })
        {
            if (sub == "proxy" && route.Plural is "pods" or "services" or "nodes" || sub == "portforward" && route.Plural == "pods") continue;
            foreach (var method in new[] { HttpMethod.Get, HttpMethod.Put, HttpMethod.Patch, HttpMethod.Post, HttpMethod.Delete })
                yield return new BadRequest($"unknown subresource {sub}", method, $"{route.Path}/{sub}", method == HttpMethod.Get || method == HttpMethod.Delete ? null : Encoding.UTF8.GetBytes("{}"), method == HttpMethod.Get || method == HttpMethod.Delete ? null : Json);
        }
        var parent = route.Path[..route.Path.LastIndexOf('/')];
        foreach (var name in new[] { "UPPER", "under_score", new string('n', 300), "a..b", "%20", "%2F", "no-such-object" })
        {
            yield return new BadRequest($"get {Short(name)}", HttpMethod.Get, $"{parent}/{name}");
            yield return new BadRequest($"put {Short(name)}", HttpMethod.Put, $"{parent}/{name}", Encoding.UTF8.GetBytes($"{{\"metadata\":{{\"name\":\"{name}\"}}}}"), Json);
            yield return new BadRequest($"patch {Short(name)}", HttpMethod.Patch, $"{parent}/{name}", Encoding.UTF8.GetBytes("{}"), PatchTypes[1]);
            yield return new BadRequest($"delete {Short(name)}", HttpMethod.Delete, $"{parent}/{name}");
        }
        if (route.Template.Contains("{namespace}", StringComparison.Ordinal))
        {
            foreach (var ns in new[] { "Bad_Namespace", "no-such-namespace" })
            {
                var path = route.Path.Replace("/namespaces/default/", $"/namespaces/{ns}/", StringComparison.Ordinal);
                yield return new BadRequest($"namespace {ns}", HttpMethod.Get, path);
                yield return new BadRequest($"create in namespace {ns}", HttpMethod.Post, path[..path.LastIndexOf('/')], Encoding.UTF8.GetBytes($"{{\"metadata\":{{\"name\":\"x\"}}{ValidSpec(KindOf(route))}}}"), Json);
            }
        }
        foreach (var method in new[] { HttpMethod.Post })
            yield return new BadRequest("POST on an item", method, route.Path, Encoding.UTF8.GetBytes("{}"), Json);
        yield return new BadRequest("PUT on the collection", HttpMethod.Put, parent, Encoding.UTF8.GetBytes("{}"), Json);
        yield return new BadRequest("PATCH on the collection", HttpMethod.Patch, parent, Encoding.UTF8.GetBytes("{}"), PatchTypes[1]);
    }

    // ------------------------------------------------------------------------------ helpers

    /// <summary>A patch of pods' containers or services' ports is no mistake for other kinds: unknown fields are dropped there.</summary>
    private static bool Applies(string patch, string kind) =>
        (kind == "Pod" || !patch.Contains("containers", StringComparison.Ordinal)) && (kind == "Service" || !patch.Contains("\"ports\"", StringComparison.Ordinal));

    private static string KindOf(Route route) => route.Subresource == "binding" ? "Binding" : route.Plural switch
    {
        "pods" => "Pod",
        "services" => "Service",
        "nodes" => "Node",
        "namespaces" => "Namespace",
        "endpoints" => "Endpoints",
        "events" => "Event",
        "configmaps" => "ConfigMap",
        "secrets" => "Secret",
        var other => other,
    };

    private static BadRequest Req(Route route, string label, string body, string contentType) =>
        new(label, route.Method, route.Path, Encoding.UTF8.GetBytes(body), contentType);

    private static BadRequest Query(Route route, string label, string name, string value) =>
        new(label, route.Method, $"{route.Path}?{name}={Uri.EscapeDataString(value)}");

    private static string Short(string text) => text.Length <= 24 ? text : text[..20] + $"…({text.Length})";
}
