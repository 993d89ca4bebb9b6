using System.Globalization;

namespace MockApiServer.Runtime;

/// <summary>
/// The simulated output of a container: deterministic start lines chosen by image (nginx looks
/// like nginx, anything else prints a generic line), and a last line for an instance that exited.
/// </summary>
public static class ContainerLogs
{
    /// <summary>What one instance of the container printed when it started at <paramref name="startedAt"/>.</summary>
    public static IReadOnlyList<LogLine> StartLines(string container, string? image, DateTimeOffset startedAt, int attempt)
    {
        var name = ImageName(image);
        var texts = name == "nginx" ? Nginx(image!, startedAt) : Generic(container, image, attempt);
        return texts.Select((text, i) => new LogLine(startedAt.AddMilliseconds(i), text)).ToList();
    }

    /// <summary>The log of an instance that ran from <paramref name="startedAt"/> and exited at <paramref name="finishedAt"/>.</summary>
    public static IReadOnlyList<LogLine> TerminatedLines(string container, string? image, DateTimeOffset startedAt, DateTimeOffset finishedAt, int attempt, int exitCode)
    {
        var lines = StartLines(container, image, startedAt, attempt).ToList();
        lines.Add(new LogLine(finishedAt, $"container \"{container}\" exited with code {exitCode.ToString(CultureInfo.InvariantCulture)}"));
        return lines;
    }

    /// <summary>"nginx" for "nginx", "nginx:1.27", "docker.io/library/nginx@sha256:…".</summary>
    private static string ImageName(string? image)
    {
        if (string.IsNullOrEmpty(image)) return "";
        var path = image.Split('@')[0];
        var last = path[(path.LastIndexOf('/') + 1)..];
        return last.Split(':')[0];
    }

    private static string Tag(string image)
    {
        var path = image.Split('@')[0];
        var colon = path.LastIndexOf(':');
        return colon > path.LastIndexOf('/') ? path[(colon + 1)..] : "latest";
    }

    private static IEnumerable<string> Nginx(string image, DateTimeOffset at)
    {
        var stamp = at.UtcDateTime.ToString("yyyy'/'MM'/'dd HH:mm:ss", CultureInfo.InvariantCulture);
        var tag = Tag(image);
        var version = char.IsAsciiDigit(tag.FirstOrDefault()) ? tag.Split('-')[0] : "1.27.3";
        if (version.Count(c => c == '.') < 2) version += version.Contains('.') ? ".0" : ".0.0";
        return
        [
            "/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration",
            "/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/",
            "/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh",
            "10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf",
            "10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf",
            "/docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh",
            "/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh",
            "/docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh",
            "/docker-entrypoint.sh: Configuration complete; ready for start up",
            $"{stamp} [notice] 1#1: using the \"epoll\" event method",
            $"{stamp} [notice] 1#1: nginx/{version}",
            $"{stamp} [notice] 1#1: OS: Linux 6.8.0-mockapiserver",
            $"{stamp} [notice] 1#1: getrlimit(RLIMIT_NOFILE): 1048576:1048576",
            $"{stamp} [notice] 1#1: start worker processes",
            $"{stamp} [notice] 1#1: start worker process 29",
            $"{stamp} [notice] 1#1: start worker process 30",
        ];
    }

    private static IEnumerable<string> Generic(string container, string? image, int attempt) =>
    [
        $"Started container {container} (image \"{image}\", attempt {attempt.ToString(CultureInfo.InvariantCulture)})",
    ];
}
