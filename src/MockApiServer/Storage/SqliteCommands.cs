using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;

namespace MockApiServer.Storage;

/// <summary>
/// The SQL of <see cref="SqliteStorageBackend"/>: prepared once for the hot write path, plain
/// commands for the rare reads. Not thread-safe; the backend calls it under its lock.
/// </summary>
internal sealed class SqliteCommands : IDisposable
{
    private const string KeyFilter = "resource = $r AND namespace = $ns AND name = $n";
    private const string CompactedKey = "compacted_revision";

    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _objectRevision;
    private readonly SqliteCommand _upsert;
    private readonly SqliteCommand _deleteObject;
    private readonly SqliteCommand _appendChange;
    private readonly SqliteCommand _allocate;
    private readonly SqliteCommand _release;

    public SqliteCommands(SqliteConnection connection)
    {
        _connection = connection;
        _objectRevision = Prepare($"SELECT resource_version FROM objects WHERE {KeyFilter}", "$r", "$ns", "$n");
        _upsert = Prepare("INSERT INTO objects(resource, namespace, name, resource_version, json) VALUES($r, $ns, $n, $rv, $json) " +
                          "ON CONFLICT(resource, namespace, name) DO UPDATE SET resource_version = excluded.resource_version, json = excluded.json",
            "$r", "$ns", "$n", "$rv", "$json");
        _deleteObject = Prepare($"DELETE FROM objects WHERE {KeyFilter} RETURNING json", "$r", "$ns", "$n");
        _appendChange = Prepare("INSERT INTO changes(revision, type, resource, namespace, name, json) VALUES($rev, $t, $r, $ns, $n, $json)",
            "$rev", "$t", "$r", "$ns", "$n", "$json");
        _allocate = Prepare("INSERT INTO allocations(range, value, owner) VALUES($range, $v, $owner)", "$range", "$v", "$owner");
        _release = Prepare("DELETE FROM allocations WHERE range = $range AND value = $v", "$range", "$v");
    }

    public void Enlist(SqliteTransaction tx)
    {
        foreach (var cmd in Prepared) cmd.Transaction = tx;
    }

    /// <summary>The key's newest revision, or 0 when it does not exist.</summary>
    public long ObjectRevision(StorageKey key)
    {
        Bind(_objectRevision, key.Resource, key.Namespace, key.Name);
        return _objectRevision.ExecuteScalar() is long rv ? rv : 0;
    }

    public void Put(StorageKey key, long revision, byte[] value, bool created)
    {
        var json = Encoding.UTF8.GetString(value);
        Run(_upsert, key.Resource, key.Namespace, key.Name, revision, json);
        Run(_appendChange, revision, created ? "ADDED" : "MODIFIED", key.Resource, key.Namespace, key.Name, json);
    }

    /// <summary>Removes the key and logs the delete with its last value; null when it did not exist.</summary>
    public byte[]? Delete(StorageKey key, long revision)
    {
        Bind(_deleteObject, key.Resource, key.Namespace, key.Name);
        if (_deleteObject.ExecuteScalar() is not string last) return null;
        Run(_appendChange, revision, "DELETED", key.Resource, key.Namespace, key.Name, last);
        return Encoding.UTF8.GetBytes(last);
    }

    public void Allocate(string range, long value, string owner) => Run(_allocate, range, value, owner);

    public void Release(string range, long value) => Run(_release, range, value);

    public StorageRecord? GetLatest(StorageKey key) =>
        Query($"SELECT resource, namespace, name, resource_version, json FROM objects WHERE {KeyFilter}", KeyParameters(key)).FirstOrDefault();

    public StorageRecord? GetAt(StorageKey key, long revision) =>
        Query($"SELECT resource, namespace, name, revision, json, type FROM changes WHERE {KeyFilter} AND revision <= $at ORDER BY revision DESC LIMIT 1",
            [.. KeyParameters(key), ("$at", revision)]).FirstOrDefault();

    public List<StorageRecord> ListLatest(string? resource, string? ns) =>
        Query("SELECT resource, namespace, name, resource_version, json FROM objects " +
              "WHERE ($r IS NULL OR resource = $r) AND ($ns IS NULL OR namespace = $ns) ORDER BY resource, namespace, name",
            ("$r", resource), ("$ns", ns));

    /// <summary>Each key's newest change at or below the revision, unless that change deleted it.</summary>
    public List<StorageRecord> ListAt(string? resource, string? ns, long revision) =>
        Query("SELECT c.resource, c.namespace, c.name, c.revision, c.json, c.type FROM changes c " +
              "WHERE ($r IS NULL OR c.resource = $r) AND ($ns IS NULL OR c.namespace = $ns) AND c.revision <= $at " +
              "AND c.revision = (SELECT MAX(d.revision) FROM changes d WHERE d.resource = c.resource AND d.namespace = c.namespace AND d.name = c.name AND d.revision <= $at) " +
              "ORDER BY c.resource, c.namespace, c.name",
            ("$r", resource), ("$ns", ns), ("$at", revision));

    public List<StorageEvent> ChangesAfter(long revision)
    {
        using var cmd = Command("SELECT revision, type, resource, namespace, name, json FROM changes WHERE revision > $from ORDER BY revision", ("$from", revision));
        using var reader = cmd.ExecuteReader();
        var events = new List<StorageEvent>();
        while (reader.Read())
        {
            var type = reader.GetString(1) switch { "ADDED" => StorageEventType.Created, "DELETED" => StorageEventType.Deleted, _ => StorageEventType.Updated };
            events.Add(new StorageEvent(reader.GetInt64(0), type, new StorageKey(reader.GetString(2), reader.GetString(3), reader.GetString(4)), reader.GetFieldValue<byte[]>(5)));
        }
        return events;
    }

    /// <summary>
    /// etcd's compaction: changes at or below the revision go when they were deleted or superseded
    /// by then; each live key keeps its newest one, so reads at any later revision stay whole.
    /// </summary>
    public void Compact(long revision)
    {
        using var tx = _connection.BeginTransaction();
        using (var cmd = Command("DELETE FROM changes WHERE revision <= $at AND (type = 'DELETED' OR EXISTS (SELECT 1 FROM changes later " +
                                 "WHERE later.resource = changes.resource AND later.namespace = changes.namespace AND later.name = changes.name " +
                                 "AND later.revision > changes.revision AND later.revision <= $at))", ("$at", revision)))
        {
            cmd.Transaction = tx;
            cmd.ExecuteNonQuery();
        }
        SetCompacted(tx, revision);
        tx.Commit();
    }

    public List<Allocation> Allocations()
    {
        using var cmd = Command("SELECT range, value, owner FROM allocations ORDER BY range, value");
        using var reader = cmd.ExecuteReader();
        var result = new List<Allocation>();
        while (reader.Read()) result.Add(new Allocation(reader.GetString(0), reader.GetInt64(1), reader.GetString(2)));
        return result;
    }

    /// <summary>
    /// The newest and the compacted revision. A database from before the change log was kept
    /// whole has no compacted revision yet: its live keys get their newest value logged and its
    /// history counts as compacted up to now, so no read at an older revision can come out wrong.
    /// </summary>
    public (long Revision, long Compacted) LoadState()
    {
        using var max = Command("SELECT MAX(COALESCE((SELECT MAX(revision) FROM changes), 0), COALESCE((SELECT MAX(resource_version) FROM objects), 0), " +
                                $"COALESCE((SELECT value FROM storage_state WHERE key = '{CompactedKey}'), 0))");
        var revision = Convert.ToInt64(max.ExecuteScalar(), CultureInfo.InvariantCulture);
        using var state = Command($"SELECT value FROM storage_state WHERE key = '{CompactedKey}'");
        if (state.ExecuteScalar() is long compacted) return (revision, compacted);
        using var tx = _connection.BeginTransaction();
        using (var seed = Command("INSERT INTO changes(revision, type, resource, namespace, name, json) " +
                                  "SELECT o.resource_version, 'ADDED', o.resource, o.namespace, o.name, o.json FROM objects o " +
                                  "WHERE NOT EXISTS (SELECT 1 FROM changes c WHERE c.revision = o.resource_version)"))
        {
            seed.Transaction = tx;
            seed.ExecuteNonQuery();
        }
        SetCompacted(tx, revision);
        tx.Commit();
        return (revision, revision);
    }

    private void SetCompacted(SqliteTransaction tx, long revision)
    {
        using var cmd = Command($"INSERT INTO storage_state(key, value) VALUES('{CompactedKey}', $v) ON CONFLICT(key) DO UPDATE SET value = excluded.value", ("$v", revision));
        cmd.Transaction = tx;
        cmd.ExecuteNonQuery();
    }

    private static (string, object?)[] KeyParameters(StorageKey key) => [("$r", key.Resource), ("$ns", key.Namespace), ("$n", key.Name)];

    /// <summary>Rows of (resource, namespace, name, revision, json[, type]); a DELETED row means "absent" and is skipped.</summary>
    private List<StorageRecord> Query(string sql, params (string, object?)[] parameters)
    {
        using var cmd = Command(sql, parameters);
        using var reader = cmd.ExecuteReader();
        var result = new List<StorageRecord>();
        while (reader.Read())
        {
            if (reader.FieldCount > 5 && reader.GetString(5) == "DELETED") continue;
            result.Add(new StorageRecord(new StorageKey(reader.GetString(0), reader.GetString(1), reader.GetString(2)), reader.GetInt64(3), reader.GetFieldValue<byte[]>(4)));
        }
        return result;
    }

    private SqliteCommand Command(string sql, params (string Name, object? Value)[] parameters)
    {
        var cmd = _connection.CreateCommand();
        cmd.CommandText = sql;
        foreach (var (name, value) in parameters) cmd.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return cmd;
    }

    private SqliteCommand Prepare(string sql, params string[] parameters)
    {
        var cmd = _connection.CreateCommand();
        cmd.CommandText = sql;
        foreach (var p in parameters) cmd.Parameters.Add(new SqliteParameter { ParameterName = p });
        return cmd;
    }

    private static void Bind(SqliteCommand cmd, params object[] values)
    {
        for (var i = 0; i < values.Length; i++) cmd.Parameters[i].Value = values[i];
    }

    private static void Run(SqliteCommand cmd, params object[] values)
    {
        Bind(cmd, values);
        cmd.ExecuteNonQuery();
    }

    private SqliteCommand[] Prepared => [_objectRevision, _upsert, _deleteObject, _appendChange, _allocate, _release];

    public void Dispose()
    {
        foreach (var cmd in Prepared) cmd.Dispose();
    }
}
