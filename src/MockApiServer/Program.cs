using MockApiServer.Api;
using MockApiServer.Hosting;
using MockApiServer.Machinery;

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

builder.Services.AddMockApiServer(options);

var app = builder.Build();
var registry = app.Services.GetRequiredService<ResourceRegistry>();
app.UseMiddleware<StatusErrorMiddleware>();
app.UseRouting();
app.UseSwagger();
app.MapHealthApi();
app.MapDiscoveryApi(registry);
app.MapKubernetesOpenApi(registry);
app.MapResourceApi(registry);
app.MapRoutingApi();
app.MapKubernetesFallback();

await app.RunAsync();
return 0;

public partial class Program;
