using k8s;
using k8s.Models;
using MockApiServer.Machinery;

namespace MockApiServer.Resources.RouteReviews;

/// <summary>Columns for a RouteReview answer: where it went, or why not.</summary>
public sealed class RouteReviewTable : ITablePrinter
{
    public IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumns.Name,
        new("Destination", "string", "", "The destination after name resolution."),
        new("Endpoint", "string", "", "The endpoint chosen, or <none>."),
        new("Reason", "string", "", "Why the connection is not routed."),
    ];

    public IReadOnlyList<object?> Cells(IKubernetesObject<V1ObjectMeta> obj, DateTime now)
    {
        var review = (RouteReview)obj;
        var endpoint = review.Status?.Endpoint is { } e ? $"{e.Ip}:{e.Port}" : null;
        return [review.Metadata.Name ?? "", TableCells.OrNone(review.Status?.Destination), TableCells.OrNone(endpoint), TableCells.OrNone(review.Status?.Reason)];
    }
}
