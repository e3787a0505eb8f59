namespace Changxiao.Store.Model;

/// <summary>A mechanism pack version as first seen: its files, so matters opened under it keep running under it.</summary>
public sealed class PackVersionRow
{
    public string PackId { get; set; } = "";
    public int Version { get; set; }
    public string ContentHash { get; set; } = "";
    /// <summary>JSON object: relative path → file text.</summary>
    public string Files { get; set; } = "";
    public long RegisteredAtMs { get; set; }
}

/// <summary>
/// One matter. <see cref="Snapshot"/> is the kernel's MatterSnapshot as JSON (see MatterSnapshotJson);
/// the other columns are derived from it for lists, filters and the sweep.
/// </summary>
public sealed class MatterRow
{
    public Guid Id { get; set; }
    public string PackId { get; set; } = "";
    public int PackVersion { get; set; }
    public string Kind { get; set; } = "";
    public string Number { get; set; } = "";
    public string State { get; set; } = "";
    public bool Final { get; set; }
    public Guid UnitId { get; set; }
    public string Title { get; set; } = "";
    /// <summary>The worst warning level of a running clock: null, "yellow" or "red".</summary>
    public string? Level { get; set; }
    /// <summary>A clock stopped after its due date (the matter was not handled on time).</summary>
    public bool Late { get; set; }
    /// <summary>The earliest due date of a running clock (yyyy-MM-dd), for "overdue" filters.</summary>
    public string? DueOn { get; set; }
    /// <summary>The next date the sweep could change something (yyyy-MM-dd); null = nothing to sweep.</summary>
    public string? NextCheck { get; set; }
    public string OpenedOn { get; set; } = "";
    public long OpenedAtMs { get; set; }
    public long UpdatedAtMs { get; set; }
    /// <summary>SHA-256 of the citizen's tracking code (the code itself is shown once).</summary>
    public string? TrackingHash { get; set; }
    public string Snapshot { get; set; } = "";
}

/// <summary>Who is in which party of a matter: for "my work", recusal and visibility queries.</summary>
public sealed class MatterPartyRow
{
    public Guid MatterId { get; set; }
    public string Party { get; set; } = "";
    public Guid MemberId { get; set; }
    public bool Recused { get; set; }
}

/// <summary>A confidential field value, AES-GCM encrypted.</summary>
public sealed class MatterSecretRow
{
    public Guid MatterId { get; set; }
    public string Field { get; set; } = "";
    public string Ciphertext { get; set; } = "";
}

/// <summary>The last number given per pack, kind and year (matter numbers like XF-2025-00017).</summary>
public sealed class MatterCounterRow
{
    public string PackId { get; set; } = "";
    public string Kind { get; set; } = "";
    public int Year { get; set; }
    public int Last { get; set; }
}
