using System.Text.Json.Nodes;
using k8s.Models;
using MockApiServer.Api;

namespace MockApiServer.Tests.Api;

public sealed class StrategicMergePatchTests
{
    private const string Service = """
        {"apiVersion":"v1","kind":"Service","metadata":{"name":"web","namespace":"default"},
         "spec":{"type":"NodePort","clusterIP":"10.0.0.10",
                 "ports":[{"name":"http","port":80,"protocol":"TCP","targetPort":5000,"nodePort":30080},
                          {"name":"https","port":443,"protocol":"TCP","targetPort":5443,"nodePort":30443}]}}
        """;

    private const string Pod = """
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"web","labels":{"app":"web","old":"x"},"finalizers":["a","b"]},
         "spec":{"containers":[
            {"name":"a","image":"nginx:1","env":[{"name":"A","value":"1"},{"name":"B","value":"2"}],
             "ports":[{"containerPort":80,"protocol":"TCP"},{"containerPort":443,"protocol":"TCP"}]},
            {"name":"b","image":"busybox"}],
          "tolerations":[{"key":"k1","operator":"Exists"}],
          "volumes":[{"name":"data","emptyDir":{}}]}}
        """;

    [Fact]
    public void Apply_MapChanges_MergeRecursivelyAndNullDeletesAKey()
    {
        var result = Apply(Pod, """{"metadata":{"labels":{"old":null,"tier":"web"}}}""");

        AssertJson("""{"app":"web","tier":"web"}""", result["metadata"]!["labels"]);
    }

    [Fact]
    public void Apply_MergeListItemWithKnownKey_MergesIntoTheLiveElement()
    {
        var result = Apply(Pod, """{"spec":{"containers":[{"name":"a","image":"nginx:2"}]}}""");

        var containers = result["spec"]!["containers"]!.AsArray();
        Assert.Equal(2, containers.Count);
        Assert.Equal("nginx:2", (string?)containers[0]!["image"]);
        Assert.Equal(2, containers[0]!["ports"]!.AsArray().Count);
        Assert.Equal("busybox", (string?)containers[1]!["image"]);
    }

    [Fact]
    public void Apply_MergeListItemWithNewKey_IsAddedAheadOfItemsThePatchDoesNotName()
    {
        var result = Apply(Pod, """{"spec":{"containers":[{"name":"c","image":"redis"}]}}""");

        Assert.Equal(["c", "a", "b"], Names(result["spec"]!["containers"]));
    }

    [Fact]
    public void Apply_EnvVarChangedByName_KeepsTheOtherVariables()
    {
        var result = Apply(Pod, """{"spec":{"containers":[{"name":"a","env":[{"name":"B","value":"20"}]}]}}""");

        AssertJson("""[{"name":"A","value":"1"},{"name":"B","value":"20"}]""", result["spec"]!["containers"]![0]!["env"]);
    }

    [Fact]
    public void Apply_ListWithoutMergeStrategy_IsReplaced()
    {
        var result = Apply(Pod, """{"spec":{"tolerations":[{"key":"k2","operator":"Exists"}]}}""");

        AssertJson("""[{"key":"k2","operator":"Exists"}]""", result["spec"]!["tolerations"]);
    }

    [Fact]
    public void Apply_PrimitiveMergeList_IsUnionedWithoutDuplicates()
    {
        var result = Apply(Pod, """{"metadata":{"finalizers":["b","c"]}}""");

        AssertJson("""["a","b","c"]""", result["metadata"]!["finalizers"]);
    }

    [Fact]
    public void Apply_DeleteFromPrimitiveList_RemovesTheValuesAndTheDirective()
    {
        var result = Apply(Pod, """{"metadata":{"$deleteFromPrimitiveList/finalizers":["a"]}}""");

        AssertJson("""["b"]""", result["metadata"]!["finalizers"]);
        Assert.False(result["metadata"]!.AsObject().ContainsKey("$deleteFromPrimitiveList/finalizers"));
    }

    [Fact]
    public void Apply_PatchDeleteElement_RemovesTheElementWithThatKey()
    {
        var result = Apply(Pod, """{"spec":{"containers":[{"$patch":"delete","name":"b"}]}}""");

        Assert.Equal(["a"], Names(result["spec"]!["containers"]));
    }

    [Fact]
    public void Apply_PatchDeleteElementWithoutMergeKey_IsRejected()
    {
        var error = Assert.Throws<PatchException>(() => Apply(Pod, """{"spec":{"containers":[{"$patch":"delete","image":"x"}]}}"""));

        Assert.Equal("delete patch type with no merge key defined", error.Message);
    }

    [Fact]
    public void Apply_PatchReplaceElement_ReplacesTheWholeList()
    {
        var result = Apply(Pod, """{"spec":{"containers":[{"$patch":"replace"},{"name":"z","image":"z"}]}}""");

        AssertJson("""[{"name":"z","image":"z"}]""", result["spec"]!["containers"]);
    }

    [Fact]
    public void Apply_PatchReplaceInAMap_ReplacesTheMap()
    {
        var result = Apply(Pod, """{"metadata":{"labels":{"$patch":"replace","only":"this"}}}""");

        AssertJson("""{"only":"this"}""", result["metadata"]!["labels"]);
    }

    [Fact]
    public void Apply_PatchDeleteInAMap_EmptiesTheMap()
    {
        var result = Apply(Pod, """{"metadata":{"labels":{"$patch":"delete"}}}""");

        AssertJson("{}", result["metadata"]!["labels"]);
    }

    [Fact]
    public void Apply_PatchMergeInAMap_IsRejectedAsKubernetesDoes()
    {
        var error = Assert.Throws<PatchException>(() => Apply(Pod, """{"metadata":{"labels":{"$patch":"merge","a":"b"}}}"""));

        Assert.Equal("unknown patch type: merge in map: map[$patch:merge a:b]", error.Message);
    }

    [Fact]
    public void Apply_PatchMergeInAList_IsRejectedAsKubernetesDoes()
    {
        var error = Assert.Throws<PatchException>(() => Apply(Pod, """{"spec":{"containers":[{"$patch":"merge","name":"a"}]}}"""));

        Assert.Equal("merging lists cannot yet be specified in the patch", error.Message);
    }

    [Fact]
    public void Apply_UnknownPatchDirective_IsRejected()
    {
        var error = Assert.Throws<PatchException>(() => Apply(Pod, """{"spec":{"containers":[{"$patch":"explode","name":"a"}]}}"""));

        Assert.Equal("unknown patch type: explode in map: map[$patch:explode name:a]", error.Message);
    }

    [Fact]
    public void Apply_MergeListItemWithoutMergeKey_IsRejected()
    {
        var error = Assert.Throws<PatchException>(() => Apply(Pod, """{"spec":{"containers":[{"image":"x"}]}}"""));

        Assert.Equal("map: map[image:x] does not contain declared merge key: name", error.Message);
    }

    [Fact]
    public void Apply_SetElementOrder_ReordersTheMergedList()
    {
        var result = Apply(Pod, """{"spec":{"$setElementOrder/containers":[{"name":"b"},{"name":"a"}]}}""");

        Assert.Equal(["b", "a"], Names(result["spec"]!["containers"]));
        Assert.False(result["spec"]!.AsObject().ContainsKey("$setElementOrder/containers"));
    }

    [Fact]
    public void Apply_SetElementOrder_KeepsUnmentionedLiveItemsWhereTheyWere()
    {
        var live = """{"spec":{"containers":[{"name":"a"},{"name":"b"},{"name":"c"}]}}""";

        var result = Apply(live, """{"spec":{"$setElementOrder/containers":[{"name":"c"},{"name":"b"}],"containers":[{"name":"b","image":"x"}]}}""");

        Assert.Equal(["a", "c", "b"], Names(result["spec"]!["containers"]));
    }

    [Fact]
    public void Apply_SetElementOrderDisagreeingWithThePatchList_IsRejected()
    {
        var error = Assert.Throws<PatchException>(() => Apply(Pod,
            """{"spec":{"$setElementOrder/containers":[{"name":"a"},{"name":"b"}],"containers":[{"name":"b"},{"name":"a"}]}}"""));

        Assert.StartsWith("The order in patch list:\n[map[name:b] map[name:a]]\n doesn't match $setElementOrder list:", error.Message);
    }

    [Fact]
    public void Apply_SetElementOrderForPrimitives_OrdersFinalizers()
    {
        var result = Apply(Pod, """{"metadata":{"$setElementOrder/finalizers":["b","a"]}}""");

        AssertJson("""["b","a"]""", result["metadata"]!["finalizers"]);
    }

    [Fact]
    public void Apply_RetainKeys_DropsVolumeSourceKeysNotListed()
    {
        var result = Apply(Pod, """{"spec":{"volumes":[{"name":"data","$retainKeys":["configMap","name"],"configMap":{"name":"cfg"}}]}}""");

        AssertJson("""[{"name":"data","configMap":{"name":"cfg"}}]""", result["spec"]!["volumes"]);
    }

    [Fact]
    public void Apply_RetainKeysNotCoveringThePatch_IsRejected()
    {
        var error = Assert.Throws<PatchException>(() => Apply(Pod,
            """{"spec":{"volumes":[{"name":"data","$retainKeys":["name"],"configMap":{"name":"cfg"}}]}}"""));

        Assert.Equal("invalid patch format of retainKeys", error.Message);
    }

    [Fact]
    public void Apply_NewFieldWithDirectives_LeavesNoDirectiveInTheResult()
    {
        var result = Apply("""{"spec":{}}""",
            """{"spec":{"$setElementOrder/containers":[{"name":"a"}],"containers":[{"name":"a","$setElementOrder/env":[{"name":"X"}],"env":[{"name":"X","value":"1"}],"ports":[{"$patch":"delete","containerPort":1}]}]}}""");

        AssertJson("""{"containers":[{"name":"a","env":[{"name":"X","value":"1"}],"ports":[]}]}""", result["spec"]);
    }

    [Fact]
    public void Apply_DoesNotModifyItsArguments()
    {
        var original = JsonNode.Parse(Pod)!.AsObject();
        var patch = JsonNode.Parse("""{"spec":{"containers":[{"$patch":"delete","name":"b"}]}}""")!.AsObject();
        var before = (original.ToJsonString(), patch.ToJsonString());

        StrategicMergePatch.Apply(original, patch, typeof(V1Pod));

        Assert.Equal(before, (original.ToJsonString(), patch.ToJsonString()));
    }

    [Fact]
    public void Apply_KubectlApplyOnService_KeepsNodePortAndProtocolOfTheKeptPort()
    {
        var patch = """
            {"metadata":{"annotations":{"kubectl.kubernetes.io/last-applied-configuration":"{}\n"}},
             "spec":{"$setElementOrder/ports":[{"port":80}],"ports":[{"port":80,"targetPort":8080},{"$patch":"delete","port":443}]}}
            """;

        var result = Apply(Service, patch, typeof(V1Service));

        AssertJson("""[{"name":"http","port":80,"protocol":"TCP","targetPort":8080,"nodePort":30080}]""", result["spec"]!["ports"]);
        Assert.Equal("{}\n", (string?)result["metadata"]!["annotations"]!["kubectl.kubernetes.io/last-applied-configuration"]);
        Assert.Equal("10.0.0.10", (string?)result["spec"]!["clusterIP"]);
    }

    [Fact]
    public void Apply_KubectlApplyAddingAServicePort_PlacesItAsSetElementOrderSays()
    {
        var patch = """{"spec":{"$setElementOrder/ports":[{"port":8080},{"port":80},{"port":443}],"ports":[{"port":8080,"targetPort":8080}]}}""";

        var result = Apply(Service, patch, typeof(V1Service));

        Assert.Equal([8080, 80, 443], result["spec"]!["ports"]!.AsArray().Select(p => (int)p!["port"]!));
        Assert.Equal(30443, (int)result["spec"]!["ports"]![2]!["nodePort"]!);
    }

    [Fact]
    public void Apply_KubectlApplyOnPod_RemovesLabelContainerEnvVarAndPort()
    {
        var patch = """
            {"metadata":{"annotations":{"kubectl.kubernetes.io/last-applied-configuration":"..."},"labels":{"old":null}},
             "spec":{"$setElementOrder/containers":[{"name":"a"}],
                     "containers":[{"$setElementOrder/env":[{"name":"A"}],"$setElementOrder/ports":[{"containerPort":80}],
                                    "env":[{"$patch":"delete","name":"B"}],"image":"nginx:2","name":"a",
                                    "ports":[{"$patch":"delete","containerPort":443}]},
                                   {"$patch":"delete","name":"b"}]}}
            """;

        var result = Apply(Pod, patch);

        AssertJson("""{"app":"web"}""", result["metadata"]!["labels"]);
        AssertJson("""
            [{"name":"a","image":"nginx:2","env":[{"name":"A","value":"1"}],"ports":[{"containerPort":80,"protocol":"TCP"}]}]
            """, result["spec"]!["containers"]);
        AssertJson("""[{"name":"data","emptyDir":{}}]""", result["spec"]!["volumes"]);
    }

    private static JsonObject Apply(string original, string patch, Type? type = null) =>
        StrategicMergePatch.Apply(JsonNode.Parse(original)!.AsObject(), JsonNode.Parse(patch)!.AsObject(), type ?? typeof(V1Pod))!.AsObject();

    private static string[] Names(JsonNode? list) => list!.AsArray().Select(c => (string)c!["name"]!).ToArray();

    private static void AssertJson(string expected, JsonNode? actual) =>
        Assert.Equal(Canonical(JsonNode.Parse(expected)), Canonical(actual));

    private static string Canonical(JsonNode? node) => node switch
    {
        JsonObject o => "{" + string.Join(",", o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"\"{p.Key}\":{Canonical(p.Value)}")) + "}",
        JsonArray a => "[" + string.Join(",", a.Select(Canonical)) + "]",
        null => "null",
        _ => node.ToJsonString(),
    };
}
