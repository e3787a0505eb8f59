using System.Globalization;
using Changxiao.Kernel.Calendar;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Changxiao.Packs.Calendars;

/// <summary>
/// Loads the State Council holiday arrangements from a folder of YAML files (one per year, see
/// <c>packs/calendars/README.md</c>) into a <see cref="WorkCalendar"/>. Every problem is reported as
/// <c>file:line:column: message</c> naming the bad key or value; all problems of all files are collected and thrown
/// together as a <see cref="CalendarLoadException"/>.
/// </summary>
public static class CalendarLoader
{
    /// <summary>The shipped calendars' folder, relative to the repository (or install) root.</summary>
    public const string PacksFolder = "packs/calendars";

    /// <summary>The longest holiday range accepted, in days; longer ones are taken for typos.</summary>
    public const int MaxHolidayLength = 31;

    private static readonly string[] TopKeys = ["year", "source", "holidays", "workdays"];
    private static readonly string[] HolidayKeys = ["name", "from", "to", "note"];
    private static readonly string[] WorkdayKeys = ["date", "name", "note"];

    /// <summary>
    /// Loads every <c>*.yaml</c> / <c>*.yml</c> file of <paramref name="directory"/> (other files, such as README.md,
    /// are ignored) and merges them into one calendar. Throws <see cref="CalendarLoadException"/> when the folder
    /// is missing or holds no calendar file, or when any file is invalid; checks across files (a year given twice,
    /// a date that is a holiday in one file and a make-up workday in another, overlapping holidays) are made too.
    /// </summary>
    public static WorkCalendar LoadFolder(string directory) => WorkCalendar.Create(LoadYears(directory));

    /// <summary>Like <see cref="LoadFolder"/>, returning the checked years instead of the calendar.</summary>
    public static IReadOnlyList<CalendarYear> LoadYears(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        if (!Directory.Exists(directory))
        {
            throw new CalendarLoadException($"The calendar folder {directory} does not exist.");
        }

        var files = Directory.EnumerateFiles(directory)
            .Where(f => f.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .ToArray();
        if (files.Length == 0)
        {
            throw new CalendarLoadException($"The calendar folder {directory} holds no .yaml file.");
        }

        var sources = files.Select(f => (Name: f, Text: File.ReadAllText(f))).ToArray();
        return Check(sources);
    }

    /// <summary>Loads one file (checked on its own).</summary>
    public static CalendarYear LoadFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new CalendarLoadException($"The calendar file {path} does not exist.");
        }

        return Check([(path, File.ReadAllText(path))])[0];
    }

    /// <summary>
    /// Parses and checks YAML texts as if they were the files of one folder. <c>Name</c> is used in error messages
    /// and, when it is a bare year such as <c>2025.yaml</c>, must agree with the <c>year:</c> key.
    /// </summary>
    public static IReadOnlyList<CalendarYear> Check(IEnumerable<(string Name, string Text)> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var errors = new List<CalendarLoadError>();
        var parsed = new List<ParsedYear>();
        foreach (var (name, text) in files)
        {
            var year = new FileReader(name, errors).Read(text);
            if (year is not null)
            {
                parsed.Add(year);
            }
        }

        CheckAcross(parsed, errors);
        if (errors.Count > 0)
        {
            throw new CalendarLoadException(
                errors.OrderBy(e => e.File, StringComparer.Ordinal).ThenBy(e => e.Line).ThenBy(e => e.Column).ToArray());
        }

        try
        {
            return parsed.Select(p => CalendarYear.Create(
                    p.Year,
                    p.Sources,
                    p.Holidays.Select(h => HolidayRange.Create(h.Name, h.From, h.To)),
                    p.Workdays.Select(w => MakeUpWorkday.Create(w.Date, w.Name))))
                .OrderBy(y => y.Year)
                .ToArray();
        }
        catch (ArgumentException ex)
        {
            // The checks above should have caught it; keep the message if not.
            throw new CalendarLoadException(ex.Message);
        }
    }

    /// <summary>
    /// The first <c>packs/calendars</c> folder found in <paramref name="startDirectory"/> or one of its ancestors,
    /// or null when there is none.
    /// </summary>
    public static string? FindFolder(string startDirectory)
    {
        ArgumentNullException.ThrowIfNull(startDirectory);
        for (var dir = new DirectoryInfo(startDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "packs", "calendars");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static void CheckAcross(List<ParsedYear> years, List<CalendarLoadError> errors)
    {
        var yearSeen = new Dictionary<int, ParsedYear>();
        foreach (var y in years.OrderBy(y => y.File, StringComparer.Ordinal))
        {
            if (yearSeen.TryGetValue(y.Year, out var first))
            {
                errors.Add(y.YearAt.Error($"year: {y.Year} is also given in {first.File}:{first.YearAt.Line}"));
            }
            else
            {
                yearSeen[y.Year] = y;
            }
        }

        var holidayDates = new Dictionary<DateOnly, ParsedHoliday>();
        foreach (var h in years.SelectMany(y => y.Holidays).OrderBy(h => h.From).ThenBy(h => h.At.File, StringComparer.Ordinal))
        {
            for (var d = h.From; d <= h.To; d = d.AddDays(1))
            {
                if (holidayDates.TryGetValue(d, out var other))
                {
                    errors.Add(h.At.Error(
                        $"holiday {h.Name} ({F(h.From)}..{F(h.To)}) overlaps holiday {other.Name} ({F(other.From)}..{F(other.To)}) " +
                        $"at {other.At.File}:{other.At.Line}:{other.At.Column} on {F(d)}"));
                    break;
                }

                holidayDates[d] = h;
            }
        }

        var workdayDates = new Dictionary<DateOnly, ParsedWorkday>();
        foreach (var w in years.SelectMany(y => y.Workdays).OrderBy(w => w.Date).ThenBy(w => w.At.File, StringComparer.Ordinal))
        {
            if (holidayDates.TryGetValue(w.Date, out var h))
            {
                errors.Add(w.At.Error(
                    $"workdays date {F(w.Date)} is also a holiday: {h.Name} ({F(h.From)}..{F(h.To)}) at {h.At.File}:{h.At.Line}:{h.At.Column}"));
            }
            else if (workdayDates.TryGetValue(w.Date, out var other))
            {
                errors.Add(w.At.Error($"workdays date {F(w.Date)} is listed twice (also at {other.At.File}:{other.At.Line}:{other.At.Column})"));
            }
            else
            {
                workdayDates[w.Date] = w;
            }
        }
    }

    private static string F(DateOnly d) => ChinaDate.Format(d);

    private sealed record Position(string File, int Line, int Column)
    {
        public CalendarLoadError Error(string message) => new(File, Line, Column, message);
    }

    private sealed record ParsedHoliday(string Name, DateOnly From, DateOnly To, Position At);

    private sealed record ParsedWorkday(DateOnly Date, string? Name, Position At);

    private sealed record ParsedYear(
        string File,
        int Year,
        Position YearAt,
        IReadOnlyList<string> Sources,
        IReadOnlyList<ParsedHoliday> Holidays,
        IReadOnlyList<ParsedWorkday> Workdays);

    /// <summary>Reads one file into a <see cref="ParsedYear"/>, adding every problem to the shared error list.</summary>
    private sealed class FileReader(string file, List<CalendarLoadError> errors)
    {
        private Position At(YamlNode node) => At(node.Start);

        private Position At(Mark mark) => new(file, checked((int)mark.Line), checked((int)mark.Column));

        private void Error(YamlNode node, string message) => Error(At(node), message);

        private void Error(Position at, string message)
        {
            errors.Add(at.Error(message));
        }

        public ParsedYear? Read(string text)
        {
            var stream = new YamlStream();
            var parser = new Parser(new StringReader(text));
            try
            {
                stream.Load(parser);
            }
            catch (YamlException ex)
            {
                Error(At(ex.Start), "YAML syntax: " + StripMarks(ex));
                return null;
            }
            catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or FormatException)
            {
                // YamlDotNet's scanner throws these for some malformed input (e.g. an unclosed '{' on the last
                // line) without a position: point at the last thing that could be read.
                var at = parser.Current is { } last ? At(last.End) : new Position(file, 1, 1);
                Error(at, "YAML syntax: cannot read past this point (an unclosed '{' or '[', or a stray character?)");
                return null;
            }

            if (stream.Documents.Count == 0)
            {
                Error(new Position(file, 1, 1), "the file is empty; it needs at least year, source and holidays");
                return null;
            }

            if (stream.Documents.Count > 1)
            {
                Error(stream.Documents[1].RootNode, "one YAML document per file, please (found a second '---' document)");
                return null;
            }

            if (stream.Documents[0].RootNode is not YamlMappingNode root)
            {
                Error(stream.Documents[0].RootNode, "the file must be a mapping with the keys year, source, holidays, workdays");
                return null;
            }

            var keys = ReadKeys(root, TopKeys, "");
            int? year = null;
            Position yearAt = At(root);
            if (keys.TryGetValue("year", out var yearNode))
            {
                yearAt = At(yearNode);
                year = ReadYear(yearNode);
            }
            else
            {
                Error(root, "missing key \"year\"");
            }

            var sources = keys.TryGetValue("source", out var sourceNode)
                ? ReadSources(sourceNode)
                : MissingList<string>(root, "source");
            var holidays = keys.TryGetValue("holidays", out var holidaysNode)
                ? ReadList(holidaysNode, "holidays", (n, p) => ReadHoliday(n, p, year))
                : MissingList<ParsedHoliday>(root, "holidays");
            var workdays = keys.TryGetValue("workdays", out var workdaysNode)
                ? ReadList(workdaysNode, "workdays", (n, p) => ReadWorkday(n, p, year))
                : [];

            if (year is { } y)
            {
                var stem = Path.GetFileNameWithoutExtension(file);
                if (stem.Length > 0 && stem.All(char.IsAsciiDigit) && stem != y.ToString(CultureInfo.InvariantCulture))
                {
                    Error(yearAt, $"year: {y} does not match the file name {Path.GetFileName(file)}");
                }
            }

            // Returned even when the file has errors (bad items are left out), so that the checks across
            // files still run and report everything at once; any error stops the load anyway.
            return year is { } ok ? new ParsedYear(file, ok, yearAt, sources, holidays, workdays) : null;
        }

        private List<T> MissingList<T>(YamlNode root, string key)
        {
            Error(root, $"missing key \"{key}\"");
            return [];
        }

        private static string StripMarks(YamlException ex)
        {
            // YamlDotNet formats messages as "(Line: 3, Col: 5, Idx: 20) - (Line: ...): message".
            var message = ex.Message;
            var i = message.IndexOf("): ", StringComparison.Ordinal);
            return message.StartsWith('(') && i > 0 ? message[(i + 3)..] : message;
        }

        /// <summary>Reads a mapping's keys, reporting unknown, duplicate and non-scalar keys.</summary>
        private Dictionary<string, YamlNode> ReadKeys(YamlMappingNode map, string[] allowed, string path)
        {
            var result = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
            foreach (var (keyNode, value) in map.Children)
            {
                if (keyNode is not YamlScalarNode { Value: { } key })
                {
                    Error(keyNode, $"{path}keys must be plain words");
                    continue;
                }

                if (!allowed.Contains(key, StringComparer.Ordinal))
                {
                    Error(keyNode, $"unknown key \"{path}{key}\" (allowed: {string.Join(", ", allowed)})");
                    continue;
                }

                if (!result.TryAdd(key, value))
                {
                    Error(keyNode, $"key \"{path}{key}\" is given twice");
                }
            }

            return result;
        }

        private int? ReadYear(YamlNode node)
        {
            if (node is YamlScalarNode { Value: { } text }
                && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var y)
                && y is >= 1900 and <= 2200)
            {
                return y;
            }

            Error(node, $"year: \"{Scalar(node)}\" is not a year between 1900 and 2200");
            return null;
        }

        private List<string> ReadSources(YamlNode node)
        {
            var list = new List<string>();
            switch (node)
            {
                case YamlScalarNode { Value: { } s } when !string.IsNullOrWhiteSpace(s):
                    list.Add(s.Trim());
                    break;
                case YamlSequenceNode seq when seq.Children.Count > 0:
                    for (var i = 0; i < seq.Children.Count; i++)
                    {
                        if (seq.Children[i] is YamlScalarNode { Value: { } item } && !string.IsNullOrWhiteSpace(item))
                        {
                            list.Add(item.Trim());
                        }
                        else
                        {
                            Error(seq.Children[i], $"source[{i}]: must be the title of a notice");
                        }
                    }

                    break;
                default:
                    Error(node, "source: must name the notice, e.g. 国务院办公厅关于2025年部分节假日安排的通知（国办发明电〔2024〕12号）, or be a list of notices");
                    break;
            }

            return list;
        }

        private List<T> ReadList<T>(YamlNode node, string key, Func<YamlNode, string, T?> read)
            where T : class
        {
            var list = new List<T>();
            if (node is YamlScalarNode { Value: null or "" or "~" or "null" } && node.Tag.IsEmpty)
            {
                return list; // "workdays:" with nothing after it: none
            }

            if (node is not YamlSequenceNode seq)
            {
                Error(node, $"{key}: must be a list (items starting with \"- \")");
                return list;
            }

            for (var i = 0; i < seq.Children.Count; i++)
            {
                if (read(seq.Children[i], $"{key}[{i}]") is { } item)
                {
                    list.Add(item);
                }
            }

            return list;
        }

        private ParsedHoliday? ReadHoliday(YamlNode node, string path, int? year)
        {
            if (node is not YamlMappingNode map)
            {
                Error(node, $"{path}: must be a mapping such as {{name: 春节, from: 2025-01-28, to: 2025-02-04}}");
                return null;
            }

            var keys = ReadKeys(map, HolidayKeys, path + ".");
            var name = ReadText(map, keys, "name", path, required: true);
            var from = ReadDate(map, keys, "from", path, year);
            var to = ReadDate(map, keys, "to", path, year);
            if (keys.TryGetValue("note", out var note))
            {
                ReadText(note, $"{path}.note");
            }

            if (name is null || from is not { } f || to is not { } t)
            {
                return null;
            }

            if (t < f)
            {
                Error(keys["to"], $"{path}.to: {F(t)} is before from {F(f)}");
                return null;
            }

            if (t.DayNumber - f.DayNumber + 1 > MaxHolidayLength)
            {
                Error(keys["to"], $"{path}: {name} {F(f)}..{F(t)} is {t.DayNumber - f.DayNumber + 1} days long; more than {MaxHolidayLength} looks like a typo");
                return null;
            }

            return new ParsedHoliday(name, f, t, At(map));
        }

        private ParsedWorkday? ReadWorkday(YamlNode node, string path, int? year)
        {
            if (node is not YamlMappingNode map)
            {
                Error(node, $"{path}: must be a mapping such as {{date: 2025-01-26, name: 春节调休}}");
                return null;
            }

            var keys = ReadKeys(map, WorkdayKeys, path + ".");
            var date = ReadDate(map, keys, "date", path, year);
            var name = keys.ContainsKey("name") ? ReadText(map, keys, "name", path, required: false) : null;
            if (keys.TryGetValue("note", out var note))
            {
                ReadText(note, $"{path}.note");
            }

            if (date is not { } d)
            {
                return null;
            }

            if (!WorkCalendar.IsWeekend(d))
            {
                Error(keys["date"], $"{path}.date: {F(d)} is a {d.DayOfWeek}; workdays lists only Saturdays and Sundays that are worked (调休上班)");
                return null;
            }

            return new ParsedWorkday(d, name, At(keys["date"]));
        }

        private string? ReadText(YamlMappingNode map, Dictionary<string, YamlNode> keys, string key, string path, bool required)
        {
            if (!keys.TryGetValue(key, out var node))
            {
                if (required)
                {
                    Error(map, $"{path}: missing key \"{key}\"");
                }

                return null;
            }

            return ReadText(node, $"{path}.{key}");
        }

        private string? ReadText(YamlNode node, string path)
        {
            if (node is YamlScalarNode { Value: { } s } && !string.IsNullOrWhiteSpace(s))
            {
                return s.Trim();
            }

            Error(node, $"{path}: must be a non-empty text");
            return null;
        }

        private DateOnly? ReadDate(YamlMappingNode map, Dictionary<string, YamlNode> keys, string key, string path, int? year)
        {
            if (!keys.TryGetValue(key, out var node))
            {
                Error(map, $"{path}: missing key \"{key}\"");
                return null;
            }

            if (!ChinaDate.TryParse(Scalar(node), out var date))
            {
                Error(node, $"{path}.{key}: \"{Scalar(node)}\" is not a date (YYYY-MM-DD, e.g. 2025-10-01)");
                return null;
            }

            if (year is { } y && Math.Abs(date.Year - y) > 1)
            {
                Error(node, $"{path}.{key}: {F(date)} is too far from the year {y} (a date may only spill into the neighbouring year)");
                return null;
            }

            return date;
        }

        private static string Scalar(YamlNode node) => node switch
        {
            YamlScalarNode s => s.Value ?? "",
            YamlSequenceNode => "[list]",
            YamlMappingNode => "{mapping}",
            _ => node.ToString(),
        };
    }
}
