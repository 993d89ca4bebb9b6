using k8s;
using k8s.Models;
using MockApiServer.Machinery;

namespace MockApiServer.Resources.DnsQueries;

/// <summary>DNSQuery: create-only, unnamed allowed; the answer is computed by <see cref="DnsQueryReview"/>.</summary>
public sealed class DnsQueryStrategy : ResourceStrategy<V1DnsQuery>, IReviewStrategy
{
    public override ITablePrinter Table { get; } = new DnsQueryTable();

    public override bool HasStatus => false;

    /// <summary>Queries need no name, as SubjectAccessReviews.</summary>
    public override IReadOnlyList<string> ValidateName(string name) => name.Length == 0 ? [] : base.ValidateName(name);

    public IKubernetesObject<V1ObjectMeta> Review(IKubernetesObject<V1ObjectMeta> request, IServiceProvider services) =>
        services.GetRequiredService<DnsQueryReview>().Review((V1DnsQuery)request, null);
}

/// <summary>kubectl columns for a DNSQuery answer: the name asked, the type, the rcode and the first answer.</summary>
public sealed class DnsQueryTable : ITablePrinter
{
    public IReadOnlyList<TableColumn> Columns { get; } =
    [
        new("Query", "string", "", "The name asked for."),
        new("Type", "string", "", "The record type asked for."),
        new("Rcode", "string", "", "The DNS response code."),
        new("Answer", "string", "", "The first answer's data."),
    ];

    public IReadOnlyList<object?> Cells(IKubernetesObject<V1ObjectMeta> obj, DateTime now)
    {
        var q = (V1DnsQuery)obj;
        return [q.Spec?.Name, q.Spec?.Type, q.Status?.Rcode, q.Status?.Answers?.FirstOrDefault()?.Data ?? "<none>"];
    }
}
