using MockApiServer.Api;
using MockApiServer.Hosting;
using MockApiServer.Machinery;
using MockApiServer.Runtime;

var builder = WebApplication.CreateBuilder(args);
builder.Configuration.AddEnvironmentVariables("MOCKAPI_").AddCommandLine(args, ServerOptions.SwitchMappings);
if (string.IsNullOrEmpty(builder.Configuration["urls"])) builder.WebHost.UseUrls("http://localhost:8080");
builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = null);

ServerOptions options;
try
{
    options = ServerOptions.From(builder.Configuration);
}
catch (OptionsException e)
{
    Console.Error.WriteLine($"mockapiserver: {e.Message}");
    return 2;
}

WebApplication app;
try
{
    builder.Services.AddMockApiServer(options);
    builder.Services.AddContainerRuntime();
    if (options.TlsCertFile is not null)
    {
        var certificate = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPemFile(options.TlsCertFile, options.TlsPrivateKeyFile);
        builder.WebHost.ConfigureKestrel(k => k.ConfigureHttpsDefaults(https => https.ServerCertificate = certificate));
    }
    app = builder.Build();
}
catch (OptionsException e)
{
    Console.Error.WriteLine($"mockapiserver: {e.Message}");
    return 2;
}

var registry = app.Services.GetRequiredService<ResourceRegistry>();
app.UseMiddleware<StatusErrorMiddleware>();
app.UseMiddleware<TokenAuthentication>();
app.UseWebSockets();
app.UseRouting();
app.UseSwagger();
app.MapHealthApi();
app.MapRootApi(registry);
app.MapDiscoveryApi(registry);
app.MapKubernetesOpenApi(registry);
app.MapResourceApi(registry);
app.MapPodBindingApi(registry);
app.MapPodLogApi(registry);
app.MapPodExecApi(registry);
app.MapRoutingApi();
app.MapKubernetesFallback();

try
{
    await app.RunAsync();
}
catch (OptionsException e)
{
    Console.Error.WriteLine($"mockapiserver: {e.Message}");
    return 2;
}
return 0;

public partial class Program;
