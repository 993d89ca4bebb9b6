using System.Globalization;
using System.Text;

namespace MockApiServer.Runtime.Images;

/// <summary>An HTTP response as a simulated server writes it.</summary>
public sealed record HttpAnswer(int Status, string Reason, string ContentType, string Body, string Server)
{
    /// <summary>The status line and headers as the server sends them (CRLF line ends, a blank line at the end).</summary>
    public string Head(DateTimeOffset now)
    {
        var sb = new StringBuilder($"HTTP/1.1 {Status} {Reason}\r\n");
        foreach (var (name, value) in Headers(now)) sb.Append(name).Append(": ").Append(value).Append("\r\n");
        return sb.Append("\r\n").ToString();
    }

    /// <summary>The response headers in the order the server writes them.</summary>
    public IEnumerable<(string Name, string Value)> Headers(DateTimeOffset now)
    {
        if (Server.Length > 0) yield return ("Server", Server);
        yield return ("Date", now.UtcDateTime.ToString("r", CultureInfo.InvariantCulture));
        if (ContentType.Length > 0) yield return ("Content-Type", ContentType);
        yield return ("Content-Length", Encoding.UTF8.GetByteCount(Body).ToString(CultureInfo.InvariantCulture));
    }
}

/// <summary>
/// What each kind of server answers to an HTTP request: nginx's welcome page on / (404 elsewhere),
/// httpd's "It works!", agnhost netexec's /hostname, /clientip, /echo?msg=, /healthz and /
/// (the endpoints Kubernetes' own Service tests call), serve-hostname's pod name, http-echo's text,
/// and the generic server's pod name. A TCP-only server gets no HTTP answer (null).
/// </summary>
public static class ImageHttp
{
    public const string NginxWelcome = """
        <!DOCTYPE html>
        <html>
        <head>
        <title>Welcome to nginx!</title>
        <style>
        html { color-scheme: light dark; }
        body { width: 35em; margin: 0 auto;
        font-family: Tahoma, Verdana, Arial, sans-serif; }
        </style>
        </head>
        <body>
        <h1>Welcome to nginx!</h1>
        <p>If you see this page, the nginx web server is successfully installed and
        working. Further configuration is required.</p>

        <p>For online documentation and support please refer to
        <a href="http://nginx.org/">nginx.org</a>.<br/>
        Commercial support is available at
        <a href="http://nginx.com/">nginx.com</a>.</p>

        <p><em>Thank you for using nginx.</em></p>
        </body>
        </html>

        """;

    private const string NginxNotFound = "<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx/1.27.3</center>\r\n</body>\r\n</html>\r\n";

    /// <remarks><c>hostname</c>: The serving pod's hostname.</remarks>
    /// <remarks><c>client</c>: The client's "ip:port" as the server sees it.</remarks>
    public static HttpAnswer? Answer(Listener listener, string method, string pathAndQuery, string hostname, string client, DateTimeOffset now)
    {
        var question = pathAndQuery.IndexOf('?');
        var path = question < 0 ? pathAndQuery : pathAndQuery[..question];
        var query = question < 0 ? "" : pathAndQuery[(question + 1)..];
        return listener.Kind switch
        {
            ServerKind.Nginx => path is "/" or "/index.html"
                ? new HttpAnswer(200, "OK", "text/html", method == "HEAD" ? "" : NginxWelcome, "nginx/1.27.3")
                : new HttpAnswer(404, "Not Found", "text/html", NginxNotFound, "nginx/1.27.3"),
            ServerKind.Httpd => path is "/" or "/index.html"
                ? new HttpAnswer(200, "OK", "text/html", "<html><body><h1>It works!</h1></body></html>\n", "Apache/2.4.62 (Unix)")
                : new HttpAnswer(404, "Not Found", "text/html", "<!DOCTYPE HTML PUBLIC \"-//IETF//DTD HTML 2.0//EN\">\n<html><head>\n<title>404 Not Found</title>\n</head><body>\n<h1>Not Found</h1>\n<p>The requested URL was not found on this server.</p>\n</body></html>\n", "Apache/2.4.62 (Unix)"),
            ServerKind.AgnhostNetexec => Netexec(path, query, hostname, client, now),
            ServerKind.ServeHostname => Text(hostname),
            ServerKind.HttpEcho => Text((listener.Text ?? "") + "\n"),
            ServerKind.Generic => Text(hostname + "\n"),
            _ => null,
        };
    }

    private static HttpAnswer Netexec(string path, string query, string hostname, string client, DateTimeOffset now) => path switch
    {
        "/hostname" => Text(hostname),
        "/clientip" => Text(client),
        "/echo" => Text(Uri.UnescapeDataString(QueryValue(query, "msg") ?? "")),
        "/healthz" or "/readyz" => Text(""),
        "/" => Text($"NOW: {now.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fffffff +0000 UTC", CultureInfo.InvariantCulture)}"),
        _ => new HttpAnswer(404, "Not Found", "text/plain; charset=utf-8", "404 page not found\n", ""),
    };

    private static HttpAnswer Text(string body) => new(200, "OK", "text/plain; charset=utf-8", body, "");

    private static string? QueryValue(string query, string name) =>
        query.Split('&').Select(p => p.Split('=', 2)).FirstOrDefault(kv => kv[0] == name) is { Length: 2 } kv ? kv[1].Replace('+', ' ') : null;
}
