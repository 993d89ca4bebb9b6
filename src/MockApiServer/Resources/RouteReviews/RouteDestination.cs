using System.Globalization;
using System.Net;

namespace MockApiServer.Resources.RouteReviews;

/// <summary>A destination as written in a RouteReview: a host (IP or DNS name) and a port.</summary>
public readonly record struct RouteDestination(string Host, int Port)
{
    /// <summary>Parses "IP:port", "[v6]:port", "name:port" or a URL (port from the scheme when absent); null when malformed.</summary>
    public static RouteDestination? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        text = text.Trim();
        if (text.Contains("://", StringComparison.Ordinal))
        {
            if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Port <= 0) return null;
            return new RouteDestination(uri.Host.Trim('[', ']'), uri.Port);
        }
        if (IPEndPoint.TryParse(text, out var endpoint) && endpoint.Port > 0 && (text.Contains("]:", StringComparison.Ordinal) || endpoint.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork))
            return new RouteDestination(endpoint.Address.ToString(), endpoint.Port);
        var colon = text.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(text[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535) return null;
        return new RouteDestination(text[..colon], port);
    }
}
