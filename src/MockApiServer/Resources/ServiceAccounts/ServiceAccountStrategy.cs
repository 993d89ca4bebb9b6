using k8s;
using k8s.Models;
using MockApiServer.Machinery;

namespace MockApiServer.Resources.ServiceAccounts;

/// <summary>ServiceAccount: no status, no defaults; the name is a DNS-1123 subdomain (ValidateServiceAccountName).</summary>
public sealed class ServiceAccountStrategy : ResourceStrategy<V1ServiceAccount>
{
    public const string Default = "default";

    public override ITablePrinter Table { get; } = new ServiceAccountTable();

    public override bool HasStatus => false;
}

/// <summary>kubectl get columns for ServiceAccounts (k/k printers.go printServiceAccount).</summary>
public sealed class ServiceAccountTable : ITablePrinter
{
    public IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumns.Name,
        new("Secrets", "string", "", "Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use. Pods are only limited to this list if this service account has a \"kubernetes.io/enforce-mountable-secrets\" annotation set to \"true\". The \"kubernetes.io/enforce-mountable-secrets\" annotation is deprecated since v1.32. Prefer separate namespaces to isolate access to mounted secrets. This field should not be used to find auto-generated service account token secrets for use outside of pods. Instead, tokens can be requested directly using the TokenRequest API, or service account token secrets can be manually created. More info: https://kubernetes.io/docs/concepts/configuration/secret"),
        TableColumns.Age,
    ];

    public IReadOnlyList<object?> Cells(IKubernetesObject<V1ObjectMeta> obj, DateTime now)
    {
        var account = (V1ServiceAccount)obj;
        return [account.Metadata.Name, (long)(account.Secrets?.Count ?? 0), HumanDuration.Age(account.Metadata.CreationTimestamp, now)];
    }
}
