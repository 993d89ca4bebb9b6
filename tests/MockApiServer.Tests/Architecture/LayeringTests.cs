using MockApiServer.Machinery;
using Mono.Cecil;

namespace MockApiServer.Tests.Architecture;

/// <summary>
/// The arrows of docs/architecture.md, checked on the compiled assembly: a type may refer only to
/// types of its own layer or of a layer below it, storage is reached only through the registry's
/// cache, and one kind's folder does not reach into another's. A wrong arrow fails here with the
/// two types that make it.
/// </summary>
public sealed class LayeringTests
{
    /// <summary>The layers, lowest first (namespaces under MockApiServer; sub-namespaces belong to their layer).</summary>
    private static readonly string[] Layers = ["Storage", "Machinery", "Networking", "Resources", "Simulation", "Runtime", "Controllers", "Api", "Hosting"];

    private static readonly IReadOnlyList<(TypeDefinition From, TypeDefinition To)> References =
        TypeReferences.Of(typeof(ResourceStore).Assembly.Location);

    /// <summary>The layer a type is in: "Machinery" for MockApiServer.Machinery.Cache; "" for Program and generated code.</summary>
    private static string LayerOf(TypeDefinition type)
    {
        var parts = type.Namespace.Split('.');
        return parts is [TypeReferences.Root, var layer, ..] ? layer : "";
    }

    private static int Rank(string layer) => Array.IndexOf(Layers, layer);

    private static string Show(IEnumerable<(TypeDefinition From, TypeDefinition To)> arrows) =>
        string.Join("\n", arrows.Select(a => $"{a.From.FullName} -> {a.To.FullName}").Order());

    [Fact]
    public void EveryNamespace_IsInALayer()
    {
        var outside = References.SelectMany(r => new[] { r.From, r.To })
            .Where(t => t.Namespace.StartsWith(TypeReferences.Root + ".", StringComparison.Ordinal) && Rank(LayerOf(t)) < 0)
            .Select(t => t.Namespace).Distinct();

        Assert.Empty(outside);
    }

    [Fact]
    public void Types_ReferOnlyToTheirOwnLayerOrLower()
    {
        var upward = References.Where(r => LayerOf(r.From) != "" && Rank(LayerOf(r.To)) > Rank(LayerOf(r.From)));

        Assert.True(!upward.Any(), "Arrows pointing up a layer:\n" + Show(upward));
    }

    [Fact]
    public void Storage_DependsOnNothingOfOurs()
    {
        var outward = References.Where(r => LayerOf(r.From) == "Storage" && LayerOf(r.To) != "Storage");

        Assert.True(!outward.Any(), "Storage reaching out:\n" + Show(outward));
    }

    [Fact]
    public void Storage_IsReachedOnlyThroughTheRegistrysCache()
    {
        var around = References.Where(r => LayerOf(r.To) == "Storage" && LayerOf(r.From) != "Storage"
            && r.From.Namespace != "MockApiServer.Machinery.Cache" && LayerOf(r.From) != "Hosting");

        Assert.True(!around.Any(), "Storage used outside Machinery.Cache and the composition:\n" + Show(around));
    }

    [Fact]
    public void ObjectCache_IsUsedOnlyByTheRegistry()
    {
        var around = References.Where(r => r.To.FullName == "MockApiServer.Machinery.Cache.ObjectCache"
            && r.From.FullName != "MockApiServer.Machinery.ResourceStore" && LayerOf(r.From) != "Hosting");

        Assert.True(!around.Any(), "The cache's writer used outside ResourceStore:\n" + Show(around));
    }

    [Fact]
    public void Kinds_DoNotReachIntoEachOthersFolders()
    {
        static string? KindOf(TypeDefinition t) => t.Namespace.Split('.') is [TypeReferences.Root, "Resources", var kind, ..] ? kind : null;
        var across = References.Where(r => KindOf(r.From) is { } from && KindOf(r.To) is { } to && from != to);

        Assert.True(!across.Any(), "One kind's folder using another's:\n" + Show(across));
    }

    [Fact]
    public void TypeReferences_SeeSignaturesAndMethodBodies()
    {
        // Guards the scanner itself: the registry's constructor parameter and a body-only call must both be found.
        Assert.Contains(References, r => r.From.Name == "ResourceStore" && r.To.Name == "ObjectCache");
        Assert.Contains(References, r => r.From.Name == "NamespaceController" && r.To.Name == "Informer");
    }
}
