using System.Globalization;
using MockApiServer.Machinery.Cache;

namespace MockApiServer.Machinery;

/// <summary>
/// resourceVersion, resourceVersionMatch, limit and continue as Kubernetes defines them for
/// lists: which revision is served, and where the page starts and stops.
/// </summary>
internal sealed class ListPage
{
    private const string ContinueTooOld =
        "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.";

    private readonly ResourceDefinition _resource;
    private readonly ListOptions _options;
    private readonly (string Ns, string Name)? _after;
    private readonly bool _fromContinue;

    private ListPage(ResourceDefinition resource, ListOptions options, long? exact, (string, string)? after, bool fromContinue)
    {
        _resource = resource;
        _options = options;
        ExactRevision = exact;
        _after = after;
        _fromContinue = fromContinue;
    }

    /// <summary>The revision the list must be served at exactly, or null for "the latest".</summary>
    public long? ExactRevision { get; }

    /// <exception cref="ApiException">400 for inconsistent parameters.</exception>
    public static ListPage Start(ResourceDefinition resource, ListOptions options, WatchHub hub, out long? minimumRevision)
    {
        minimumRevision = null;
        if (options.Limit is < 0) throw StatusErrors.BadRequest($"limit: Invalid value: {options.Limit}: must be greater than or equal to 0");
        if (!string.IsNullOrEmpty(options.Continue))
        {
            if (!string.IsNullOrEmpty(options.ResourceVersion) && options.ResourceVersion != "0")
                throw StatusErrors.BadRequest("specifying resource version is not allowed when using continue");
            var token = ContinueToken.Decode(options.Continue);
            var slash = token.Start.IndexOf('/');
            var after = slash < 0 ? ("", token.Start) : (token.Start[..slash], token.Start[(slash + 1)..]);
            return new ListPage(resource, options, token.ResourceVersion, after, true);
        }
        var match = options.ResourceVersionMatch ?? "";
        if (string.IsNullOrEmpty(options.ResourceVersion))
        {
            if (match.Length > 0) throw StatusErrors.BadRequest("resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided");
            return new ListPage(resource, options, null, null, false);
        }
        if (!long.TryParse(options.ResourceVersion, NumberStyles.None, CultureInfo.InvariantCulture, out var rv))
            throw StatusErrors.BadRequest($"resourceVersion: Invalid value: \"{options.ResourceVersion}\": must be a non-negative integer");
        switch (match)
        {
            case "Exact":
                if (rv == 0) throw StatusErrors.BadRequest("resourceVersionMatch: Forbidden: resourceVersionMatch \"exact\" is forbidden for resourceVersion \"0\"");
                return new ListPage(resource, options, rv, null, false);
            case "" or "NotOlderThan":
                if (rv > 0) minimumRevision = rv;
                return new ListPage(resource, options, null, null, false);
            default:
                throw StatusErrors.BadRequest($"resourceVersionMatch: Unsupported value: \"{match}\": supported values: \"Exact\", \"NotOlderThan\"");
        }
    }

    public ListResult Read(CacheSnapshot snapshot, string? ns, WatchHub hub)
    {
        var revision = snapshot.Revision;
        IEnumerable<StoredObject> items = snapshot.List(_resource, ns);
        if (ExactRevision is { } exact && exact != snapshot.Revision)
        {
            items = AtRevision(snapshot, ns, hub, exact);
            revision = exact;
        }
        if (_after is { } after) items = items.Where(o => Compare((o.Namespace, o.Name), after) > 0);
        var strategy = _resource.Strategy;
        var filtered = items.Where(o => _options.Labels.Matches(o.Object.Metadata.Labels) && _options.Fields.Matches(f => strategy.FieldValue(o.Object, f)));
        if (_options.Limit is not { } limit || limit == 0) return new ListResult(revision, filtered.ToList(), null, null);

        var page = new List<StoredObject>(Math.Min(limit, 1024));
        using var e = filtered.GetEnumerator();
        while (page.Count < limit && e.MoveNext()) page.Add(e.Current);
        if (!e.MoveNext()) return new ListResult(revision, page, null, null);
        long remaining = 1;
        while (e.MoveNext()) remaining++;
        var last = page[^1];
        var token = new ContinueToken(revision, $"{last.Namespace}/{last.Name}").Encode();
        var unfiltered = _options.Labels.IsEmpty && _options.Fields.IsEmpty;
        return new ListResult(revision, page, token, unfiltered ? remaining : null);
    }

    /// <summary>The list as it was at an older revision: today's state with later changes undone.</summary>
    private IEnumerable<StoredObject> AtRevision(CacheSnapshot snapshot, string? ns, WatchHub hub, long revision)
    {
        if (revision > snapshot.Revision) throw StatusErrors.TooLargeResourceVersion(revision, snapshot.Revision);
        IReadOnlyList<ChangeEvent> later;
        try
        {
            later = hub.Since(revision);
        }
        catch (ApiException) when (_fromContinue)
        {
            throw StatusErrors.Expired(ContinueTooOld);
        }
        var state = new SortedDictionary<(string, string), StoredObject>(Comparer<(string, string)>.Create(Compare));
        foreach (var o in snapshot.List(_resource, ns)) state[(o.Namespace, o.Name)] = o;
        for (var i = later.Count - 1; i >= 0; i--)
        {
            var change = later[i];
            if (change.Revision > snapshot.Revision) continue;
            var o = change.Object;
            if (o.Resource != _resource || (ns is not null && o.Namespace != ns)) continue;
            if (change.Previous is null) state.Remove((o.Namespace, o.Name));
            else state[(o.Namespace, o.Name)] = change.Previous;
        }
        return state.Values;
    }

    private static int Compare((string Ns, string Name) a, (string Ns, string Name) b)
    {
        var c = string.CompareOrdinal(a.Ns, b.Ns);
        return c != 0 ? c : string.CompareOrdinal(a.Name, b.Name);
    }
}
