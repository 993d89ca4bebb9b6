using k8s.Models;

namespace MockApiServer.Machinery;

/// <summary>
/// The one factory of error Status bodies (apimachinery's api/errors), so codes, reasons and
/// messages cannot drift between callers.
/// </summary>
public static class StatusErrors
{
    public static V1Status Success(string? name = null, string? kind = null, string? group = null, string? uid = null) => new()
    {
        ApiVersion = "v1",
        Kind = "Status",
        Metadata = new V1ListMeta(),
        Status = "Success",
        Details = name is null && kind is null ? null : new V1StatusDetails { Name = name, Kind = kind, Group = NullIfEmpty(group), Uid = uid },
    };

    public static ApiException NotFound(string group, string resource, string name) =>
        Failure(404, "NotFound", $"{Qualified(group, resource)} \"{name}\" not found", Details(group, resource, name));

    public static ApiException AlreadyExists(string group, string resource, string name) =>
        Failure(409, "AlreadyExists", $"{Qualified(group, resource)} \"{name}\" already exists", Details(group, resource, name));

    public static ApiException Conflict(string group, string resource, string name, string detail) =>
        Failure(409, "Conflict", $"Operation cannot be fulfilled on {Qualified(group, resource)} \"{name}\": {detail}", Details(group, resource, name));

    public const string ModifiedConflict = "the object has been modified; please apply your changes to the latest version and try again";

    public static ApiException Invalid(string group, string kind, string name, IReadOnlyList<FieldError> errors)
    {
        var texts = errors.Select(e => e.ToString()).Distinct().ToList();
        var aggregate = texts.Count == 1 ? texts[0] : "[" + string.Join(", ", texts) + "]";
        var details = new V1StatusDetails
        {
            Name = name,
            Group = NullIfEmpty(group),
            Kind = kind,
            Causes = errors.Select(e => new V1StatusCause { Reason = e.Reason, Message = e.Body, Field = e.Field }).ToList(),
        };
        var qualified = string.IsNullOrEmpty(group) ? kind : $"{kind}.{group}";
        return Failure(422, "Invalid", $"{qualified} \"{name}\" is invalid: {aggregate}", details);
    }

    public static ApiException Forbidden(string group, string resource, string name, string detail, IList<V1StatusCause>? causes = null)
    {
        var details = Details(group, resource, name);
        details.Causes = causes;
        return Failure(403, "Forbidden", $"{Qualified(group, resource)} \"{name}\" is forbidden: {detail}", details);
    }

    public static ApiException BadRequest(string message) => Failure(400, "BadRequest", message);

    public static ApiException NotFoundPath() => Failure(404, "NotFound", "the server could not find the requested resource");

    public static ApiException MethodNotAllowed() => Failure(405, "MethodNotAllowed", "the server does not allow this method on the requested resource");

    public static ApiException Expired(string message) => Failure(410, "Expired", message);

    public static ApiException TooOldResourceVersion(long requested, long oldest) =>
        Expired($"too old resource version: {requested} ({oldest})");

    /// <summary>A read at a revision the store has not reached (apiserver's storage.NewTooLargeResourceVersionError).</summary>
    public static ApiException TooLargeResourceVersion(long requested, long current) =>
        Failure(504, "Timeout", $"Too large resource version: {requested}, current: {current}",
            new V1StatusDetails { Causes = [new V1StatusCause { Reason = "ResourceVersionTooLarge", Message = "Too large resource version" }], RetryAfterSeconds = 1 });

    public static ApiException RequestEntityTooLarge(long limit) =>
        Failure(413, "RequestEntityTooLarge", $"Request entity too large: limit is {limit}");

    /// <summary>415 naming exactly the body types the request could have used.</summary>
    public static ApiException UnsupportedMediaType(IReadOnlyList<string> accepted) =>
        Failure(415, "UnsupportedMediaType",
            $"the body of the request was in an unknown format - accepted media types include: {string.Join(", ", accepted)}");

    public static ApiException NotAcceptable() =>
        Failure(406, "NotAcceptable", "only the following media types are accepted: application/json, application/yaml, application/json;as=Table;v=v1;g=meta.k8s.io");

    public static ApiException InternalError(string detail) => Failure(500, "InternalError", $"Internal error occurred: {detail}",
        new V1StatusDetails { Causes = [new V1StatusCause { Message = detail }] });

    public static ApiException Unauthorized() => Failure(401, "Unauthorized", "Unauthorized");

    public static ApiException Timeout(string message) => Failure(504, "Timeout", message);

    public static ApiException Failure(int code, string reason, string message, V1StatusDetails? details = null) => new(new V1Status
    {
        ApiVersion = "v1",
        Kind = "Status",
        Metadata = new V1ListMeta(),
        Status = "Failure",
        Message = message,
        Reason = reason,
        Details = details,
        Code = code,
    });

    /// <summary>"pods" in the core group, "endpointslices.discovery.k8s.io" elsewhere, as Kubernetes names resources.</summary>
    public static string Qualified(string group, string resource) => group.Length == 0 ? resource : $"{resource}.{group}";

    private static V1StatusDetails Details(string group, string resource, string name) =>
        new() { Name = name, Group = NullIfEmpty(group), Kind = resource };

    private static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;
}
