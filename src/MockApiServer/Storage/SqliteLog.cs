using Microsoft.Data.Sqlite;

namespace MockApiServer.Storage;

/// <summary>
/// The durable side of a batch: one SQLite transaction that upserts the objects, appends the
/// change records and updates the allocations. Prepared once; used only by the writer.
/// </summary>
internal sealed class SqliteLog : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _upsert;
    private readonly SqliteCommand _deleteObject;
    private readonly SqliteCommand _appendChange;
    private readonly SqliteCommand _allocate;
    private readonly SqliteCommand _release;

    public SqliteLog(SqliteConnection connection)
    {
        _connection = connection;
        _upsert = Prepare("INSERT INTO objects(resource, namespace, name, uid, resource_version, json) VALUES($r, $ns, $n, $uid, $rv, $json) " +
                          "ON CONFLICT(resource, namespace, name) DO UPDATE SET uid = excluded.uid, resource_version = excluded.resource_version, json = excluded.json",
            "$r", "$ns", "$n", "$uid", "$rv", "$json");
        _deleteObject = Prepare("DELETE FROM objects WHERE resource = $r AND namespace = $ns AND name = $n", "$r", "$ns", "$n");
        _appendChange = Prepare("INSERT INTO changes(revision, type, resource, namespace, name, json) VALUES($rev, $t, $r, $ns, $n, $json)",
            "$rev", "$t", "$r", "$ns", "$n", "$json");
        _allocate = Prepare("INSERT INTO allocations(range, value, owner) VALUES($range, $v, $owner)", "$range", "$v", "$owner");
        _release = Prepare("DELETE FROM allocations WHERE range = $range AND value = $v", "$range", "$v");
    }

    public void Commit(WriteBatch batch)
    {
        using var tx = _connection.BeginTransaction();
        foreach (var cmd in new[] { _upsert, _deleteObject, _appendChange, _allocate, _release }) cmd.Transaction = tx;
        foreach (var change in batch.Changes)
        {
            var o = change.Object;
            var json = System.Text.Encoding.UTF8.GetString(o.Json);
            if (change.Type == k8s.WatchEventType.Deleted)
                Run(_deleteObject, o.Resource.GroupResource, o.Namespace, o.Name);
            else
                Run(_upsert, o.Resource.GroupResource, o.Namespace, o.Name, o.Object.Metadata.Uid ?? "", change.Revision, json);
            Run(_appendChange, change.Revision, change.Type.ToString().ToUpperInvariant(), o.Resource.GroupResource, o.Namespace, o.Name, json);
        }
        foreach (var a in batch.AllocationChanges)
        {
            if (a.Allocated) Run(_allocate, a.Range, a.Value, a.Owner!);
            else Run(_release, a.Range, a.Value);
        }
        tx.Commit();
    }

    /// <summary>Drops change records at or below a revision, keeping the newest one so the revision survives restarts.</summary>
    public void Compact(long belowOrAt)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = "DELETE FROM changes WHERE revision <= $rev AND revision < (SELECT MAX(revision) FROM changes)";
        cmd.Parameters.AddWithValue("$rev", belowOrAt);
        cmd.ExecuteNonQuery();
    }

    public IEnumerable<(string Resource, string Json)> LoadObjects()
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = "SELECT resource, json FROM objects ORDER BY resource, namespace, name";
        using var reader = cmd.ExecuteReader();
        while (reader.Read()) yield return (reader.GetString(0), reader.GetString(1));
    }

    public IEnumerable<(string Range, long Value, string Owner)> LoadAllocations()
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = "SELECT range, value, owner FROM allocations";
        using var reader = cmd.ExecuteReader();
        while (reader.Read()) yield return (reader.GetString(0), reader.GetInt64(1), reader.GetString(2));
    }

    public long MaxRevision()
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = "SELECT MAX(COALESCE((SELECT MAX(revision) FROM changes), 0), COALESCE((SELECT MAX(resource_version) FROM objects), 0))";
        return Convert.ToInt64(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private SqliteCommand Prepare(string sql, params string[] parameters)
    {
        var cmd = _connection.CreateCommand();
        cmd.CommandText = sql;
        foreach (var p in parameters) cmd.Parameters.Add(new SqliteParameter { ParameterName = p });
        return cmd;
    }

    private static void Run(SqliteCommand cmd, params object[] values)
    {
        for (var i = 0; i < values.Length; i++) cmd.Parameters[i].Value = values[i];
        cmd.ExecuteNonQuery();
    }

    public void Dispose()
    {
        foreach (var cmd in new[] { _upsert, _deleteObject, _appendChange, _allocate, _release }) cmd.Dispose();
    }
}
