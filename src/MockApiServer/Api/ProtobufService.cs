using k8s.Models;

namespace MockApiServer.Api;

/// <summary>core/v1 Service {1 metadata, 2 spec}; status is the server's to set and is skipped.</summary>
internal static class ProtobufService
{
    public static V1Service Read(ProtobufReader r)
    {
        var service = new V1Service();
        while (r.Next())
        {
            switch (r.Field)
            {
                case 1: service.Metadata = ProtobufObjectMeta.Read(r.Message()); break;
                case 2: service.Spec = ReadSpec(r.Message()); break;
                default: r.Skip(); break;
            }
        }
        return service;
    }

    private static V1ServiceSpec ReadSpec(ProtobufReader r)
    {
        var spec = new V1ServiceSpec();
        while (r.Next())
        {
            switch (r.Field)
            {
                case 1: spec.Ports = ProtobufReader.Append(spec.Ports, ReadPort(r.Message())); break;
                case 2: spec.Selector = r.MapEntry(spec.Selector); break;
                case 3: spec.ClusterIP = r.String(); break;
                case 4: spec.Type = r.String(); break;
                case 5: spec.ExternalIPs = r.ListItem(spec.ExternalIPs); break;
                case 7: spec.SessionAffinity = r.String(); break;
                case 8: spec.LoadBalancerIP = r.String(); break;
                case 9: spec.LoadBalancerSourceRanges = r.ListItem(spec.LoadBalancerSourceRanges); break;
                case 10: spec.ExternalName = r.String(); break;
                case 11: spec.ExternalTrafficPolicy = r.String(); break;
                case 12: spec.HealthCheckNodePort = r.Int32(); break;
                case 13: spec.PublishNotReadyAddresses = r.Flag(); break;
                case 14: spec.SessionAffinityConfig = ReadSessionAffinityConfig(r.Message()); break;
                case 17: spec.IpFamilyPolicy = r.String(); break;
                case 18: spec.ClusterIPs = r.ListItem(spec.ClusterIPs); break;
                case 19: spec.IpFamilies = r.ListItem(spec.IpFamilies); break;
                case 20: spec.AllocateLoadBalancerNodePorts = r.Bool(); break;
                case 21: spec.LoadBalancerClass = r.String(); break;
                case 22: spec.InternalTrafficPolicy = r.String(); break;
                case 23: spec.TrafficDistribution = r.String(); break;
                default: r.Skip(); break;
            }
        }
        return spec;
    }

    private static V1ServicePort ReadPort(ProtobufReader r)
    {
        var port = new V1ServicePort();
        while (r.Next())
        {
            switch (r.Field)
            {
                case 1: port.Name = r.String(); break;
                case 2: port.Protocol = r.String(); break;
                case 3: port.Port = r.Int32() ?? 0; break;
                case 4: port.TargetPort = ReadIntOrString(r.Message()); break;
                case 5: port.NodePort = r.Int32(); break;
                case 6: port.AppProtocol = r.String(); break;
                default: r.Skip(); break;
            }
        }
        return port;
    }

    /// <summary>intstr.IntOrString {1 type (0 int, 1 string), 2 intVal, 3 strVal}; the zero value means unset.</summary>
    private static IntOrString? ReadIntOrString(ProtobufReader r)
    {
        long type = 0;
        int? intVal = null;
        string? strVal = null;
        while (r.Next())
        {
            switch (r.Field)
            {
                case 1: type = r.Int64() ?? 0; break;
                case 2: intVal = r.Int32(); break;
                case 3: strVal = r.String(); break;
                default: r.Skip(); break;
            }
        }
        return type switch
        {
            0 => intVal is { } i ? i : null,
            1 => strVal is { } s ? s : null,
            _ => throw new FormatException($"IntOrString type {type} is neither 0 (int) nor 1 (string)"),
        };
    }

    private static V1SessionAffinityConfig ReadSessionAffinityConfig(ProtobufReader r)
    {
        var config = new V1SessionAffinityConfig();
        while (r.Next())
        {
            if (r.Field == 1) config.ClientIP = ReadClientIPConfig(r.Message());
            else r.Skip();
        }
        return config;
    }

    private static V1ClientIPConfig ReadClientIPConfig(ProtobufReader r)
    {
        var config = new V1ClientIPConfig();
        while (r.Next())
        {
            if (r.Field == 1) config.TimeoutSeconds = r.Int32();
            else r.Skip();
        }
        return config;
    }
}
