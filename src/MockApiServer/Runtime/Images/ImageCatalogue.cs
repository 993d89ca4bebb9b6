namespace MockApiServer.Runtime.Images;

/// <summary>
/// What a well-known image runs when the pod gives no <c>command</c>/<c>args</c>: its ENTRYPOINT
/// and CMD as the image's Dockerfile sets them. <see cref="Serves"/> images run a server that
/// stays up until stopped (the kubelet starts no process for them, and their log comes from
/// <see cref="ContainerLogs"/>); the others run their program, which may exit.
/// </summary>
public sealed record ImageBehaviour(string Repository, IReadOnlyList<string> Entrypoint, IReadOnlyList<string> Cmd, bool Serves);

/// <summary>
/// The catalogue of images the simulator knows, by repository (any tag or digest). An image not
/// listed runs as a server: it stays up until stopped, whatever its command would do elsewhere.
/// </summary>
public static class ImageCatalogue
{
    private static readonly Dictionary<string, ImageBehaviour> Known = new ImageBehaviour[]
    {
        new("nginx", ["/docker-entrypoint.sh"], ["nginx", "-g", "daemon off;"], Serves: true),
        new("httpd", [], ["httpd-foreground"], Serves: true),
        new("redis", ["docker-entrypoint.sh"], ["redis-server"], Serves: true),
        new("postgres", ["docker-entrypoint.sh"], ["postgres"], Serves: true),
        new("mysql", ["docker-entrypoint.sh"], ["mysqld"], Serves: true),
        new("registry.k8s.io/pause", ["/pause"], [], Serves: true),
        new("busybox", [], ["sh"], Serves: false),
        new("alpine", [], ["/bin/sh"], Serves: false),
        new("ubuntu", [], ["/bin/bash"], Serves: false),
        new("debian", [], ["bash"], Serves: false),
        new("curlimages/curl", ["/entrypoint.sh"], ["curl"], Serves: false),
        new("registry.k8s.io/e2e-test-images/agnhost", ["/agnhost"], [], Serves: false),
        new("hashicorp/http-echo", ["/http-echo"], [], Serves: false),
        new("registry.k8s.io/serve_hostname", ["/serve_hostname"], [], Serves: true),
    }.ToDictionary(b => b.Repository, StringComparer.Ordinal);

    /// <summary>The image's behaviour; an unknown image is a server with no known command.</summary>
    public static ImageBehaviour For(string? image)
    {
        var repository = Repository(image);
        return Known.GetValueOrDefault(repository) ?? new ImageBehaviour(repository, [], [], Serves: true);
    }

    /// <summary>"nginx" for "nginx:1.27" and "docker.io/library/nginx@sha256:…"; "curlimages/curl" for "docker.io/curlimages/curl:8.5.0".</summary>
    public static string Repository(string? image)
    {
        var name = (image ?? "").Split('@')[0];
        var colon = name.LastIndexOf(':');
        if (colon > name.LastIndexOf('/')) name = name[..colon];
        if (name.StartsWith("docker.io/", StringComparison.Ordinal)) name = name["docker.io/".Length..];
        if (name.StartsWith("library/", StringComparison.Ordinal)) name = name["library/".Length..];
        return name;
    }
}
