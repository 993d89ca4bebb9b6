using System.Net;
using System.Net.Sockets;
using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;

namespace MockApiServer.Networking.Dns;

/// <summary>
/// The cluster's DNS server on 127.0.0.1, UDP and TCP (ARSoft.Tools.Net's DnsServer), answering
/// from <see cref="ClusterDnsResolver"/> as CoreDNS would: authoritative for the cluster zone and
/// the reverse zones, REFUSED elsewhere. A port already in use is logged and the API goes on.
/// </summary>
public sealed class ClusterDnsServer(ClusterDnsResolver resolver, DnsOptions options, ILogger<ClusterDnsServer> logger) : IHostedService, IDisposable
{
    private DnsServer? _server;

    /// <summary>Where the server listens, or null when it is disabled or could not bind.</summary>
    public IPEndPoint? Endpoint { get; private set; }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Port == 0) return Task.CompletedTask;
        var endpoint = new IPEndPoint(IPAddress.Loopback, options.Port);
        if (PortTaken(endpoint) is { } reason)
        {
            logger.LogWarning("{Switch} {Port}: cannot listen on {Endpoint} ({Reason}); cluster DNS over the socket is off, the API keeps serving",
                DnsOptions.PortSwitch, options.Port, endpoint, reason);
            return Task.CompletedTask;
        }
        var server = new DnsServer(new UdpServerTransport(endpoint), new TcpServerTransport(endpoint));
        server.QueryReceived += OnQueryReceivedAsync;
        server.ExceptionThrown += OnExceptionAsync;
        server.Start();
        _server = server;
        Endpoint = endpoint;
        logger.LogInformation("Cluster DNS for {Zone} on {Endpoint} (UDP and TCP)", options.ClusterDomain, endpoint);
        return Task.CompletedTask;
    }

    /// <summary>
    /// ARSoft binds on background tasks and reports failures only through an event, so the port
    /// is tried here first, both protocols.
    /// </summary>
    private static string? PortTaken(IPEndPoint endpoint)
    {
        try
        {
            using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            udp.Bind(endpoint);
            using var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            tcp.Bind(endpoint);
            return null;
        }
        catch (SocketException e)
        {
            return e.Message;
        }
    }

    private Task OnQueryReceivedAsync(object sender, QueryReceivedEventArgs e)
    {
        if (e.Query is DnsMessage query) e.Response = Respond(query);
        return Task.CompletedTask;
    }

    private Task OnExceptionAsync(object sender, ExceptionEventArgs e)
    {
        logger.LogDebug(e.Exception, "Cluster DNS request failed");
        return Task.CompletedTask;
    }

    /// <summary>The response to one query message; internal so tests can check flags without a socket.</summary>
    internal DnsMessage Respond(DnsMessage query)
    {
        var response = query.CreateResponseInstance();
        response.IsRecursionAllowed = true;
        if (query.Questions.Count != 1)
        {
            response.ReturnCode = ReturnCode.FormatError;
            return response;
        }
        var question = query.Questions[0];
        if (question.RecordClass is not (RecordClass.INet or RecordClass.Any))
        {
            response.ReturnCode = ReturnCode.Refused;
            return response;
        }
        var answer = resolver.Resolve(question.Name.ToString(), (DnsRecordType)question.RecordType);
        response.ReturnCode = (ReturnCode)answer.Code;
        response.IsAuthoritiveAnswer = answer.Authoritative;
        response.AnswerRecords.AddRange(answer.Answers.Select(DnsWire.ToRecord));
        response.AdditionalRecords.AddRange(answer.Additional.Select(DnsWire.ToRecord));
        if (answer.Soa is { } soa) response.AuthorityRecords.Add(DnsWire.ToRecord(soa));
        return response;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _server?.Stop();
        return Task.CompletedTask;
    }

    public void Dispose() => _server?.Stop();
}
