using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using MockApiServer.Api;
using MockApiServer.Hosting;
using MockApiServer.Machinery;
using MockApiServer.Runtime;

if (HelpText.TryHandle(args, Console.Out)) return 0;

var builder = WebApplication.CreateBuilder(args);
builder.Configuration.AddEnvironmentVariables("MOCKAPI_").AddCommandLine(args, CommandLine.SwitchMappings);
if (string.IsNullOrEmpty(builder.Configuration["urls"])) builder.WebHost.UseUrls("http://localhost:8080");
builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = null);

try
{
    LoggingOptions.AddLogLevelDefaults(builder.Configuration);
    builder.Services.AddMockApiServer(builder.Configuration);
    builder.Services.AddContainerRuntime();
    builder.Services.AddOptions<KestrelServerOptions>().Configure<ServingOptions>((k, serving) =>
    {
        if (serving.TlsCertFile is null) return;
        var certificate = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPemFile(serving.TlsCertFile, serving.TlsPrivateKeyFile);
        k.ConfigureHttpsDefaults(https => https.ServerCertificate = certificate);
    });
    var app = builder.Build();
    // Files the options name are read now, so a bad one fails the start in one line like a bad value.
    _ = app.Services.GetRequiredService<Manifests>();
    _ = app.Services.GetRequiredService<TokenFile>();

    var registry = app.Services.GetRequiredService<ResourceRegistry>();
    app.UseMiddleware<StatusErrorMiddleware>();
    app.UseMiddleware<TokenAuthentication>();
    app.UseWebSockets();
    app.UseRouting();
    // Swashbuckle's middleware takes the document provider as an Invoke parameter, so every request
    // would build it — reading the client's 25 MB XML docs — before it even looks at the path. Only
    // its own paths reach it; /openapi/v3 and Swagger UI build the documents when first asked.
    app.UseWhen(ctx => ctx.Request.Path.StartsWithSegments("/swagger", StringComparison.Ordinal), swagger => swagger.UseSwagger());
    app.MapHealthApi();
    app.MapRootApi(registry);
    app.MapUiApi();
    app.MapDiscoveryApi(registry);
    app.MapKubernetesOpenApi(registry);
    app.MapResourceApi(registry);
    app.MapPodBindingApi(registry);
    app.MapPodLogApi(registry);
    app.MapPodExecApi(registry);
    app.MapRoutingApi();
    app.MapKubernetesFallback();

    await app.RunAsync();
}
catch (Exception e) when (BadOption(e) is { } message)
{
    Console.Error.WriteLine($"mockapiserver: {message}");
    return 2;
}
return 0;

// A bad option surfaces as our own exception (a value that does not parse) or as the options
// pattern's (a component's check at start); either way its message is the one line to print.
static string? BadOption(Exception e) => e switch
{
    OptionsException or OptionsValidationException => e.Message,
    AggregateException { InnerExceptions: [var first, ..] } => BadOption(first),
    _ => null,
};

public partial class Program;
