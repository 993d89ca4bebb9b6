using Mono.Cecil;
using Mono.Cecil.Cil;

namespace MockApiServer.Tests.Architecture;

/// <summary>
/// Which of the server's own types each type of the compiled assembly refers to — in its base
/// type, interfaces, fields, properties, method signatures, attributes and method bodies (every IL
/// operand that names a type, field or method). Read with Mono.Cecil, so nothing is loaded or run.
/// Compiler-generated types (lambdas' closures, async state machines) count as their declaring type.
/// </summary>
internal static class TypeReferences
{
    public const string Root = "MockApiServer";

    /// <summary>(referencing type, referenced type) for every reference between two of the assembly's own types.</summary>
    public static IReadOnlyList<(TypeDefinition From, TypeDefinition To)> Of(string assemblyPath)
    {
        using var module = ModuleDefinition.ReadModule(assemblyPath);
        var result = new HashSet<(TypeDefinition, TypeDefinition)>();
        foreach (var type in module.GetTypes())
        {
            var owner = Outermost(type);
            foreach (var referenced in Referenced(type).Select(Resolve).OfType<TypeDefinition>())
            {
                var target = Outermost(referenced);
                if (target.Module == module && target != owner && IsOurs(target)) result.Add((owner, target));
            }
        }
        return [.. result];
    }

    /// <summary>Our namespaces and Program; not the compiler's anonymous types and attributes.</summary>
    private static bool IsOurs(TypeDefinition type) => type.Namespace.StartsWith(Root, StringComparison.Ordinal) || type.Name == "Program";

    /// <summary>A nested or compiler-generated type belongs to the type it is declared in.</summary>
    private static TypeDefinition Outermost(TypeDefinition type)
    {
        while (type.DeclaringType is not null) type = type.DeclaringType;
        return type;
    }

    private static TypeDefinition? Resolve(TypeReference reference)
    {
        try
        {
            return reference.GetElementType().Resolve();
        }
        catch (AssemblyResolutionException)
        {
            return null; // a framework or package type: not ours
        }
    }

    private static IEnumerable<TypeReference> Referenced(TypeDefinition type)
    {
        if (type.BaseType is not null) foreach (var t in Expand(type.BaseType)) yield return t;
        foreach (var i in type.Interfaces) foreach (var t in Expand(i.InterfaceType)) yield return t;
        foreach (var a in type.CustomAttributes) yield return a.AttributeType;
        foreach (var f in type.Fields) foreach (var t in Expand(f.FieldType)) yield return t;
        foreach (var p in type.Properties) foreach (var t in Expand(p.PropertyType)) yield return t;
        foreach (var method in type.Methods)
        {
            foreach (var t in Expand(method.ReturnType)) yield return t;
            foreach (var p in method.Parameters) foreach (var t in Expand(p.ParameterType)) yield return t;
            if (!method.HasBody) continue;
            foreach (var v in method.Body.Variables) foreach (var t in Expand(v.VariableType)) yield return t;
            foreach (var instruction in method.Body.Instructions)
            {
                foreach (var t in Operand(instruction)) yield return t;
            }
        }
    }

    private static IEnumerable<TypeReference> Operand(Instruction instruction) => instruction.Operand switch
    {
        TypeReference t => Expand(t),
        FieldReference f => [.. Expand(f.DeclaringType), .. Expand(f.FieldType)],
        MethodReference m => [.. Expand(m.DeclaringType), .. Expand(m.ReturnType), .. m.Parameters.SelectMany(p => Expand(p.ParameterType)),
            .. m is GenericInstanceMethod g ? g.GenericArguments.SelectMany(Expand) : []],
        _ => [],
    };

    /// <summary>The type and, for generic instances, arrays and by-refs, the types inside it.</summary>
    private static IEnumerable<TypeReference> Expand(TypeReference type)
    {
        yield return type;
        if (type is TypeSpecification spec) foreach (var t in Expand(spec.ElementType)) yield return t;
        if (type is GenericInstanceType generic)
        {
            foreach (var argument in generic.GenericArguments)
            {
                foreach (var t in Expand(argument)) yield return t;
            }
        }
    }
}
