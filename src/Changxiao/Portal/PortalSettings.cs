
namespace Changxiao.Portal;

/// <summary>
/// Settings of the citizen portal. Read from configuration (<c>appsettings.json</c> or <c>Changxiao__Portal__MaxFiles</c>)
/// and, for each key, the plain environment variable in brackets:
/// <list type="bullet">
/// <item><c>Changxiao:Portal:MaxFiles</c> [CHANGXIAO_PORTAL_MAX_FILES, 3] — attachments per submission (0 turns uploads off).</item>
/// <item><c>Changxiao:Portal:MaxFileMb</c> [CHANGXIAO_PORTAL_MAX_FILE_MB, 5] — the largest attachment, in MB.</item>
/// <item><c>Changxiao:Portal:SubmitPerMinute</c> [CHANGXIAO_PORTAL_SUBMIT_PER_MINUTE, 10] — submissions per client IP per minute.</item>
/// <item><c>Changxiao:Portal:TrackPerMinute</c> [CHANGXIAO_PORTAL_TRACK_PER_MINUTE, 30] — tracking-code look-ups and citizen actions per client IP per minute.</item>
/// <item><c>Changxiao:Portal:Unit</c> [CHANGXIAO_PORTAL_UNIT] — the code of the unit that receives a submission when the kind has
/// no routing rule that applies; default: the root of the org tree.</item>
/// <item><c>Changxiao:Portal:Files</c> [CHANGXIAO_FILES] — where uploaded files go (<c>&lt;folder&gt;/&lt;yyyy&gt;/&lt;id&gt;</c>); default:
/// <c>files/</c> beside the SQLite database, or <c>./data/files</c>.</item>
/// <item><c>Changxiao:Portal:Title</c> [CHANGXIAO_PORTAL_TITLE] — the site name in the header.</item>
/// </list>
/// The client IP is the connection's: behind a reverse proxy, configure forwarded headers or every citizen shares one limit.
/// </summary>
public sealed record PortalSettings(
    int MaxFiles,
    long MaxFileBytes,
    int SubmitPerMinute,
    int TrackPerMinute,
    string? UnitCode,
    string FilesDir,
    string Title)
{
    public const string DefaultTitle = "群众投诉举报服务";

    /// <summary>The largest submission body: the files plus room for the form's text fields.</summary>
    public long MaxBodyBytes => MaxFiles * MaxFileBytes + 2 * 1024 * 1024;

    public static PortalSettings From(IConfiguration? config, Hosting.Settings settings, Func<string, string?>? environment = null)
    {
        var values = new Hosting.SettingValues(config, environment, "Changxiao:Portal:");
        var files = values.Get("Files", "CHANGXIAO_FILES") ?? DefaultFilesDir(settings);
        return new PortalSettings(
            values.Int("MaxFiles", "CHANGXIAO_PORTAL_MAX_FILES", 3, 0, 20),
            values.Int("MaxFileMb", "CHANGXIAO_PORTAL_MAX_FILE_MB", 5, 1, 100) * 1024L * 1024L,
            values.Int("SubmitPerMinute", "CHANGXIAO_PORTAL_SUBMIT_PER_MINUTE", 10, 1, 100_000),
            values.Int("TrackPerMinute", "CHANGXIAO_PORTAL_TRACK_PER_MINUTE", 30, 1, 100_000),
            values.Get("Unit", "CHANGXIAO_PORTAL_UNIT"),
            Path.GetFullPath(files),
            values.Get("Title", "CHANGXIAO_PORTAL_TITLE") ?? DefaultTitle);
    }

    private static string DefaultFilesDir(Hosting.Settings settings) =>
        settings.Store.Provider == Store.DbProvider.Sqlite
            ? Path.Combine(Path.GetDirectoryName(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(settings.Store.ConnectionString).DataSource) ?? "data", "files")
            : Path.Combine("data", "files");
}
