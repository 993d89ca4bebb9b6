using System.Text;
using System.Text.Json;

namespace MockApiServer.Tests.Api;

/// <summary>The corpus's bad patches: each patch type with malformed bodies, wrong value types and directives.</summary>
public static partial class BadRequestCorpus
{
    // ------------------------------------------------------------------------------ patches

    private static IEnumerable<BadRequest> PatchRequests(Route route)
    {
        foreach (var type in PatchTypes)
        {
            foreach (var text in Unparsable.Take(8)) yield return Req(route, $"unparsable {Short(text)}", text, type);
            yield return Req(route, "empty patch", "", type);
            yield return Req(route, "10 MiB patch", new string(' ', 10 * 1024 * 1024) + "{}", type);
            // YAML nesting is slow to scan: pods' routes cover it for apply patches.
            if (type != PatchTypes[3] || KindOf(route) == "Pod")
            {
                yield return Req(route, "deep nesting", new string('[', 10_000) + new string(']', 10_000), type);
                yield return Req(route, "deep object nesting", "{\"metadata\":{\"annotations\":" + string.Concat(Enumerable.Repeat("{\"a\":", 5_000)) + "1" + new string('}', 5_001) + "}", type);
            }
            yield return Req(route, "number", "42", type);
            yield return Req(route, "string", "\"x\"", type);
            yield return Req(route, "null", "null", type);
        }
        var status = route.Subresource == "status";
        foreach (var (label, body) in JsonPatches.Where(p => !status || !p.Item1.Contains("label", StringComparison.Ordinal)))
            yield return Req(route, label, body, PatchTypes[0]);
        // A status write ignores metadata changes, so only the parts that do not parse are bad there.
        foreach (var (label, body) in MergePatches.Where(p => (route.Template.Contains("{namespace}", StringComparison.Ordinal) || p.Item1 != "namespace changed")
                     && (KindOf(route) is "Pod" or "Service" or "Node" or "Namespace" || p.Item1 != "spec to a string")
                     && (!route.IsSubresource || !p.Item2.StartsWith("{\"metadata\":{\"labels", StringComparison.Ordinal) && !p.Item2.StartsWith("{\"metadata\":{\"annotations", StringComparison.Ordinal))))
        {
            yield return Req(route, label, body, PatchTypes[1]);
            yield return Req(route, label, body, PatchTypes[2]);
        }
        foreach (var (label, body) in StrategicPatches.Where(p => !status && Applies(p.Item2, KindOf(route)) || !p.Item2.Contains("spec", StringComparison.Ordinal)))
            yield return Req(route, label, body, PatchTypes[2]);
        foreach (var (label, body) in ApplyPatches(KindOf(route)).Where(p => !status || !p.Item1.Contains("label", StringComparison.Ordinal)))
            yield return Req(route, label, body, PatchTypes[3]);
        yield return Req(route, "patch with application/json", "{}", Json);
        yield return Req(route, "patch with text/plain", "{}", "text/plain");
    }

    private static readonly (string, string)[] JsonPatches =
    [
        ("json patch is an object", "{\"op\":\"add\"}"), ("unknown op", "[{\"op\":\"nope\",\"path\":\"/metadata\"}]"),
        ("op is a number", "[{\"op\":1,\"path\":\"/a\"}]"), ("missing path", "[{\"op\":\"add\",\"value\":1}]"),
        ("path not a pointer", "[{\"op\":\"add\",\"path\":\"metadata\",\"value\":1}]"),         ("add without value", "[{\"op\":\"add\",\"path\":\"/metadata/labels\"}]"), ("failing test", "[{\"op\":\"test\",\"path\":\"/metadata/name\",\"value\":\"other\"}]"),
        ("remove missing", "[{\"op\":\"remove\",\"path\":\"/metadata/nothing/here\"}]"), ("index out of range", "[{\"op\":\"add\",\"path\":\"/metadata/finalizers/999\",\"value\":\"a\"}]"),
        ("move from missing", "[{\"op\":\"move\",\"from\":\"/nope\",\"path\":\"/metadata/x\"}]"), ("copy without from", "[{\"op\":\"copy\",\"path\":\"/metadata/x\"}]"),
        ("replace root with array", "[{\"op\":\"replace\",\"path\":\"\",\"value\":[]}]"), ("element not an object", "[1,2]"),
        ("name changed", "[{\"op\":\"replace\",\"path\":\"/metadata/name\",\"value\":\"renamed\"}]"),
        ("kind changed", "[{\"op\":\"replace\",\"path\":\"/kind\",\"value\":\"Secret\"}]"),
        ("wrong type written", "[{\"op\":\"add\",\"path\":\"/metadata/labels\",\"value\":[1]}]"),
        ("invalid label written", "[{\"op\":\"add\",\"path\":\"/metadata/labels\",\"value\":{\"a b\":\"c\"}}]"),
        ("huge number written", "[{\"op\":\"add\",\"path\":\"/metadata/generation\",\"value\":1e400}]"),
        ("stale resourceVersion test", "[{\"op\":\"test\",\"path\":\"/metadata/resourceVersion\",\"value\":\"999999999\"}]"),
        ("array index leading zero", "[{\"op\":\"add\",\"path\":\"/metadata/finalizers/01\",\"value\":\"a\"}]"),
    ];

    private static readonly (string, string)[] MergePatches =
    [
        ("labels to an array", "{\"metadata\":{\"labels\":[\"a\"]}}"), ("label value a number", "{\"metadata\":{\"labels\":{\"a\":1}}}"),
        ("invalid label key", "{\"metadata\":{\"labels\":{\"a b\":\"c\"}}}"), ("invalid annotation key", "{\"metadata\":{\"annotations\":{\"?\":\"c\"}}}"),
        ("name changed", "{\"metadata\":{\"name\":\"renamed\"}}"), ("namespace changed", "{\"metadata\":{\"namespace\":\"kube-system\"}}"),
        ("uid changed", "{\"metadata\":{\"uid\":\"other-uid\"}}"), ("stale resourceVersion", "{\"metadata\":{\"resourceVersion\":\"999999999\"}}"),
        ("resourceVersion abc", "{\"metadata\":{\"resourceVersion\":\"abc\"}}"), ("spec to a string", "{\"spec\":\"x\"}"),
        ("metadata to a number", "{\"metadata\":5}"), ("kind changed", "{\"kind\":\"Secret\"}"), ("apiVersion changed", "{\"apiVersion\":\"v9\"}"),
        ("generation overflows", "{\"metadata\":{\"generation\":99999999999999999999999}}"), ("generation 1e400", "{\"metadata\":{\"generation\":1e400}}"),
        ("label value too long", "{\"metadata\":{\"labels\":{\"a\":\"" + new string('v', 64) + "\"}}}"),
        ("creationTimestamp not a time", "{\"metadata\":{\"creationTimestamp\":\"soon\"}}"),
    ];

    private static readonly (string, string)[] StrategicPatches =
    [
        ("unknown $patch", "{\"$patch\":\"bogus\"}"), ("$patch is a number", "{\"$patch\":1}"),
        ("$patch delete without merge key", "{\"spec\":{\"containers\":[{\"$patch\":\"delete\"}]}}"),
        ("$setElementOrder not a list", "{\"spec\":{\"$setElementOrder/containers\":\"x\"}}"),
        ("$setElementOrder of numbers", "{\"spec\":{\"$setElementOrder/containers\":[1,2]}}"),
        ("$retainKeys not a list", "{\"spec\":{\"$retainKeys\":5}}"), ("$deleteFromPrimitiveList not a list", "{\"metadata\":{\"$deleteFromPrimitiveList/finalizers\":\"x\"}}"),
        ("containers to a string", "{\"spec\":{\"containers\":\"x\"}}"), ("list item not an object", "{\"spec\":{\"containers\":[1]}}"),
        ("ports to an object", "{\"spec\":{\"ports\":{}}}"), ("port item without merge key", "{\"spec\":{\"ports\":[{\"$patch\":\"replace\"}]}}"),
        ("$patch replace with junk", "{\"metadata\":{\"$patch\":\"replace\",\"labels\":5}}"),
    ];

    private static IEnumerable<(string, string)> ApplyPatches(string kind) =>
    [
        ("apply without kind", "apiVersion: v1\nmetadata:\n  name: x\n"), ("apply without apiVersion", $"kind: {kind}\nmetadata:\n  name: x\n"),
        ("apply of another kind", $"apiVersion: v1\nkind: {(kind == "ConfigMap" ? "Secret" : "ConfigMap")}\nmetadata:\n  name: x\n"), ("apply with tabs", $"apiVersion: v1\nkind: {kind}\nmetadata:\n\tname: x\n"),
        ("apply list at top", "- a\n- b\n"), ("apply billion laughs", $"apiVersion: v1\nkind: {kind}\n" + BillionLaughs),
        ("apply wrong types", $"apiVersion: v1\nkind: {kind}\nmetadata: [1, 2]\n"), ("apply invalid label", $"apiVersion: v1\nkind: {kind}\nmetadata:\n  labels:\n    'a b': c\n"),
        ("apply two documents", $"apiVersion: v1\nkind: {kind}\n---\napiVersion: v1\nkind: {kind}\n"), ("apply anchors to unknown alias", $"apiVersion: v1\nkind: {kind}\nx: *nothing\n"),
        ("apply huge number", $"apiVersion: v1\nkind: {kind}\nmetadata:\n  generation: 99999999999999999999999\n"),
    ];
}
