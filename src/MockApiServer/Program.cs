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

builder.Services.AddMockApiServer(options);
builder.Services.AddContainerRuntime();
builder.Services.AddKubernetesSwagger();

var app = builder.Build();
app.UseMiddleware<StatusErrorMiddleware>();
app.UseWebSockets();
app.UseRouting();
app.UseSwagger();
app.UseSwaggerUI();
app.MapHealthApi();
app.MapDiscoveryApi(app.Services.GetRequiredService<ResourceRegistry>());
app.MapResourceApi(app.Services.GetRequiredService<ResourceRegistry>());
app.MapPodLogApi(app.Services.GetRequiredService<ResourceRegistry>());
app.MapPodExecApi(app.Services.GetRequiredService<ResourceRegistry>());
app.MapKubernetesFallback();

await app.RunAsync();
return 0;

public partial class Program;
