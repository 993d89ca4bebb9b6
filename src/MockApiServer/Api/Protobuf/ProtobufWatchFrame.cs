using System.Buffers.Binary;
using System.Text.Json.Nodes;

namespace MockApiServer.Api.Protobuf;

/// <summary>
/// One event of a protobuf watch, as kube-apiserver streams it: a 4-byte big-endian length, then a
/// bare metav1.WatchEvent message {1 type, 2 object: runtime.RawExtension {1 raw}} (the stream's
/// serializer writes no envelope), whose raw is the object in its own <c>k8s\0</c> envelope.
/// </summary>
internal static class ProtobufWatchFrame
{
    public const string ContentType = "application/vnd.kubernetes.protobuf;stream=watch";

    public static byte[] Build(string type, JsonObject obj)
    {
        var envelope = ProtobufEnvelope.Encode(obj) ?? throw new InvalidOperationException($"{obj["kind"]} has no protobuf form");
        var raw = new ProtoWriter();
        raw.BytesField(1, envelope);
        var ev = new ProtoWriter();
        ev.StringField(1, type);
        ev.BytesField(2, raw.Written);
        var frame = new byte[4 + ev.Written.Length];
        BinaryPrimitives.WriteInt32BigEndian(frame, ev.Written.Length);
        ev.Written.CopyTo(frame.AsSpan(4));
        return frame;
    }
}
