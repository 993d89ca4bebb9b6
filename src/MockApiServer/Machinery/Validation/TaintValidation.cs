namespace MockApiServer.Machinery.Validation;

/// <summary>validateTaintEffect, shared by node taints and pod tolerations.</summary>
public static class TaintValidation
{
    public static readonly string[] TaintEffects = ["NoSchedule", "PreferNoSchedule", "NoExecute"];

    public static IEnumerable<FieldError> ValidateTaintEffect(string? effect, bool allowEmpty, string path)
    {
        if (!allowEmpty && string.IsNullOrEmpty(effect)) yield return FieldError.Required(path);
        else if (!TaintEffects.Contains(effect)) yield return FieldError.NotSupportedInOrder(path, effect ?? "", TaintEffects);
    }
}
