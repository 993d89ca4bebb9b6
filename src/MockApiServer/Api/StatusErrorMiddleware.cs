using MockApiServer.Machinery;

namespace MockApiServer.Api;

/// <summary>
/// Turns every failure into a Kubernetes Status body: ApiExceptions keep their code; routing's
/// bare 404/405 get Status bodies; anything unexpected is a 500 InternalError (and logged).
/// </summary>
public sealed class StatusErrorMiddleware(RequestDelegate next, ILogger<StatusErrorMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext ctx)
    {
        try
        {
            await next(ctx).ConfigureAwait(false);
            if (!ctx.Response.HasStarted && ctx.Response.StatusCode == 405 && ctx.Response.ContentLength is null or 0)
                await Responses.StatusAsync(ctx, StatusErrors.MethodNotAllowed().Status).ConfigureAwait(false);
        }
        catch (ApiException e) when (!ctx.Response.HasStarted)
        {
            await Responses.StatusAsync(ctx, e.Status).ConfigureAwait(false);
        }
        catch (BadHttpRequestException e) when (!ctx.Response.HasStarted)
        {
            var error = e.StatusCode == 413 ? StatusErrors.RequestEntityTooLarge(RequestBody.MaxBytes) : StatusErrors.BadRequest(e.Message);
            await Responses.StatusAsync(ctx, error.Status).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ctx.RequestAborted.IsCancellationRequested)
        {
        }
        catch (Exception e) when (!ctx.Response.HasStarted)
        {
            logger.LogError(e, "Unhandled error serving {Method} {Path}", ctx.Request.Method, ctx.Request.Path);
            await Responses.StatusAsync(ctx, StatusErrors.InternalError(e.Message).Status).ConfigureAwait(false);
        }
    }
}
