using k8s.Models;

namespace MockApiServer.Resources.CustomResourceDefinitions;

/// <summary>apiextensions' SetCRDCondition: the transition time moves only when the status does.</summary>
public static class CustomResourceDefinitionConditions
{
    public static V1CustomResourceDefinitionCondition? Find(V1CustomResourceDefinition crd, string type) =>
        crd.Status?.Conditions?.FirstOrDefault(c => c.Type == type);

    public static bool IsTrue(V1CustomResourceDefinition crd, string type) => Find(crd, type)?.Status == "True";

    public static void Set(V1CustomResourceDefinition crd, string type, string status, string reason, string message, DateTime now)
    {
        var conditions = (crd.Status ??= new V1CustomResourceDefinitionStatus()).Conditions ??= [];
        var existing = conditions.FirstOrDefault(c => c.Type == type);
        if (existing is null)
        {
            conditions.Add(new V1CustomResourceDefinitionCondition { Type = type, Status = status, Reason = reason, Message = message, LastTransitionTime = now });
            return;
        }
        if (existing.Status != status) existing.LastTransitionTime = now;
        existing.Status = status;
        existing.Reason = reason;
        existing.Message = message;
    }
}
