using k8s;
using k8s.Models;
using MockApiServer.Machinery;

namespace MockApiServer.Resources.Secrets;

/// <summary>
/// Secret: the type defaults to Opaque (SetDefaults_Secret) and <c>stringData</c> is merged into
/// <c>data</c> on every write, its keys winning, and never stored (the v1→internal conversion).
/// </summary>
public sealed class SecretStrategy() : ResourceStrategy<V1Secret>(SecretValidation.ValidateCreate, SecretValidation.ValidateUpdate)
{
    public override ITablePrinter Table { get; } = new SecretTable();

    public override bool HasStatus => false;

    protected override IReadOnlyDictionary<string, Func<V1Secret, string?>> Fields { get; } = new Dictionary<string, Func<V1Secret, string?>>
    {
        ["type"] = s => s.Type,
    };

    protected override void PrepareForCreate(V1Secret secret) => Normalize(secret);

    protected override void PrepareForUpdate(V1Secret secret, V1Secret old) => Normalize(secret);

    public static void Normalize(V1Secret secret)
    {
        if (string.IsNullOrEmpty(secret.Type)) secret.Type = SecretValidation.Opaque;
        if (secret.StringData is not { Count: > 0 } stringData)
        {
            secret.StringData = null;
            return;
        }
        secret.Data ??= new Dictionary<string, byte[]>();
        foreach (var (key, value) in stringData) secret.Data[key] = System.Text.Encoding.UTF8.GetBytes(value ?? "");
        secret.StringData = null;
    }
}

/// <summary>kubectl get columns for Secrets (k/k printers.go printSecret).</summary>
public sealed class SecretTable : ITablePrinter
{
    public IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumns.Name,
        new("Type", "string", "", "Used to facilitate programmatic handling of secret data. More info: https://kubernetes.io/docs/concepts/configuration/secret/#secret-types"),
        new("Data", "string", "", "Data contains the secret data. Each key must consist of alphanumeric characters, '-', '_' or '.'. The serialized form of the secret data is a base64 encoded string, representing the arbitrary (possibly non-string) data value here. Described in https://tools.ietf.org/html/rfc4648#section-4"),
        TableColumns.Age,
    ];

    public IReadOnlyList<object?> Cells(IKubernetesObject<V1ObjectMeta> obj, DateTime now)
    {
        var secret = (V1Secret)obj;
        return [secret.Metadata.Name, secret.Type, (long)(secret.Data?.Count ?? 0), HumanDuration.Age(secret.Metadata.CreationTimestamp, now)];
    }
}
