using k8s.Models;
using MockApiServer.Api;

namespace MockApiServer.Tests.Api;

public sealed class PatchStrategiesTests
{
    [Theory]
    [InlineData(typeof(V1PodSpec), "containers", "merge", "name")]
    [InlineData(typeof(V1PodSpec), "initContainers", "merge", "name")]
    [InlineData(typeof(V1PodSpec), "ephemeralContainers", "merge", "name")]
    [InlineData(typeof(V1PodSpec), "volumes", "merge,retainKeys", "name")]
    [InlineData(typeof(V1PodSpec), "imagePullSecrets", "merge", "name")]
    [InlineData(typeof(V1PodSpec), "hostAliases", "merge", "ip")]
    [InlineData(typeof(V1Container), "env", "merge", "name")]
    [InlineData(typeof(V1Container), "ports", "merge", "containerPort")]
    [InlineData(typeof(V1Container), "volumeMounts", "merge", "mountPath")]
    [InlineData(typeof(V1PodStatus), "conditions", "merge", "type")]
    [InlineData(typeof(V1ServiceSpec), "ports", "merge", "port")]
    [InlineData(typeof(V1NodeStatus), "addresses", "merge", "type")]
    [InlineData(typeof(V1NodeStatus), "conditions", "merge", "type")]
    [InlineData(typeof(V1ObjectMeta), "ownerReferences", "merge", "uid")]
    public void For_TaggedList_ReturnsGoStrategyAndMergeKey(Type type, string property, string strategy, string mergeKey)
    {
        Assert.Equal((strategy, mergeKey), PatchStrategies.For(type, property));
    }

    [Fact]
    public void For_Finalizers_IsMergeWithoutKeyBecauseTheyArePrimitives()
    {
        Assert.Equal(("merge", (string?)null), PatchStrategies.For(typeof(V1ObjectMeta), "finalizers"));
    }

    [Theory]
    [InlineData(typeof(V1PodSpec), "tolerations")]
    [InlineData(typeof(V1PodStatus), "containerStatuses")]
    [InlineData(typeof(V1ServiceSpec), "externalIPs")]
    [InlineData(typeof(V1NodeSpec), "taints")]
    [InlineData(typeof(V1Endpoints), "subsets")]
    [InlineData(typeof(V1Container), "command")]
    public void For_AtomicList_ReturnsNoStrategy(Type type, string property)
    {
        Assert.Equal(((string?)null, (string?)null), PatchStrategies.For(type, property));
    }

    [Fact]
    public void Entries_NameOnlyJsonPropertiesThatTheModelTypesHaveAsLists()
    {
        foreach (var (type, property, _, _) in PatchStrategies.Entries)
        {
            var clr = type.GetProperties().SingleOrDefault(p =>
                p.GetCustomAttributes(typeof(System.Text.Json.Serialization.JsonPropertyNameAttribute), false)
                    .Cast<System.Text.Json.Serialization.JsonPropertyNameAttribute>().Any(a => a.Name == property));
            Assert.True(clr is not null, $"{type.Name} has no JSON property {property}");
            Assert.True(clr!.PropertyType.IsGenericType && clr.PropertyType.GetGenericTypeDefinition() == typeof(IList<>),
                $"{type.Name}.{property} is not a list");
        }
    }
}
