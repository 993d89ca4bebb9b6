using System.Net;
using k8s.Autorest;

namespace MockApiServer.Tests.Infrastructure;

/// <summary>
/// client-go's retry.RetryOnConflict for tests: the simulated controllers write a pod right after
/// it is created, so a read-modify-write may meet a 409 and must read again, as real clients do.
/// </summary>
public static class Conflicts
{
    public static async Task<T> RetryAsync<T>(Func<Task<T>> readModifyWrite, int attempts = 10)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await readModifyWrite();
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict && attempt < attempts)
            {
            }
        }
    }
}
