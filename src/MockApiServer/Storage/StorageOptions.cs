namespace MockApiServer.Storage;

/// <summary>Where and how the store keeps its data.</summary>
public sealed class StorageOptions
{
    /// <summary>SQLite file path, or ":memory:" for a throwaway store.</summary>
    public string Db { get; set; } = "mockapi.db";

    /// <summary>How many changes stay resumable for watches and paged lists.</summary>
    public int HistorySize { get; set; } = 10_000;

    /// <summary>Most requests grouped into one SQLite transaction.</summary>
    public int MaxBatch { get; set; } = 256;

    /// <summary>SQLite synchronous mode: NORMAL survives a killed process; FULL also a power cut.</summary>
    public string Synchronous { get; set; } = "NORMAL";
}
