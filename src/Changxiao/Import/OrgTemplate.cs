using System.Text;

namespace Changxiao.Import;

/// <summary>
/// Writes the org import template and org files in the format <see cref="OrgFileReader"/> reads
/// (sheets 单位, 人员, 岗位 with Chinese headers).
/// </summary>
public static class OrgTemplate
{
    /// <summary>Suggested download name of the template.</summary>
    public const string FileName = "组织机构导入模板.xlsx";

    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private static readonly double[] UnitWidths = [18, 30, 18, 18];
    private static readonly double[] PeopleWidths = [14, 12, 18, 18, 30];
    private static readonly double[] PostWidths = [18, 24, 10, 16];

    /// <summary>The example rows of the template: a bureau under the county, its head, and a vacant deputy post.</summary>
    public static OrgFile Example { get; } = new(
        [new UnitRow(2, "QX-CZ", "青溪县财政局", "bureau", "QX")],
        [new PersonRow(2, "P000001", "张伟", "QX-CZ", "13800138000", "zhangwei@example.gov.cn")],
        [new PostRow(2, "QX-CZ", "局长", "top", "P000001")]);

    /// <summary>
    /// The blank import template: sheets 单位, 人员, 岗位 (bold Chinese headers, one example row each, text-formatted
    /// columns, a drop-down for 职级) and a 说明 sheet explaining every column.
    /// </summary>
    /// <param name="kinds">The unit kinds to list on the 说明 sheet (code, Chinese title), e.g. from packs/org/unit-kinds.yaml;
    /// default: <see cref="DefaultKinds"/>.</param>
    public static void Write(Stream output, IEnumerable<(string Code, string Title)>? kinds = null)
    {
        var sheets = DataSheets(Example).ToList();
        sheets.Add(new XlsxSheet("说明", ["工作表", "列名", "英文列名", "是否必填", "说明"], HelpRows(kinds ?? DefaultKinds), [10, 14, 12, 10, 80], WrapText: true));
        Xlsx.Write(output, sheets);
    }

    /// <summary>Writes an org file as an .xlsx that <see cref="OrgFileReader"/> reads back to the same rows
    /// (when the rows are numbered 2, 3, … in order). Ranks are written in Chinese (一把手…).</summary>
    public static void WriteXlsx(OrgFile file, Stream output)
    {
        ArgumentNullException.ThrowIfNull(file);
        Xlsx.Write(output, DataSheets(file));
    }

    /// <summary>Writes one sheet of an org file (单位/人员/岗位 or units/people/posts) as CSV with Chinese headers.</summary>
    /// <param name="encoding">Default: UTF-8 with BOM (what Excel's “CSV UTF-8” writes). Pass GB18030 for legacy Excel.</param>
    public static void WriteCsv(OrgFile file, string sheet, Stream output, Encoding? encoding = null)
    {
        ArgumentNullException.ThrowIfNull(file);
        var def = OrgSchema.FindSheet(sheet) ?? throw new ArgumentException($"未知的表名：{sheet}", nameof(sheet));
        encoding ??= new UTF8Encoding(encoderShouldEmitUTF8Identifier: true);

        using var writer = new StreamWriter(output, encoding, bufferSize: 1 << 16, leaveOpen: true) { NewLine = "\r\n" };
        writer.WriteLine(string.Join(",", def.Columns.Select(c => Quote(c.Chinese))));
        foreach (var row in Rows(file, def))
            writer.WriteLine(string.Join(",", row.Select(Quote)));
    }

    private static string Quote(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 || value != value.Trim()
            ? "\"" + value.Replace("\"", "\"\"") + "\""
            : value;
    }

    private static IEnumerable<XlsxSheet> DataSheets(OrgFile file)
    {
        var rankList = new Dictionary<int, IReadOnlyList<string>> { [2] = OrgSchema.Ranks.Select(r => r.Chinese).ToList() };
        yield return new XlsxSheet(OrgSchema.Units.Chinese, Headers(OrgSchema.Units), Rows(file, OrgSchema.Units), UnitWidths, TextColumns: true);
        yield return new XlsxSheet(OrgSchema.People.Chinese, Headers(OrgSchema.People), Rows(file, OrgSchema.People), PeopleWidths, TextColumns: true);
        yield return new XlsxSheet(OrgSchema.Posts.Chinese, Headers(OrgSchema.Posts), Rows(file, OrgSchema.Posts), PostWidths, TextColumns: true, rankList);
    }

    private static List<string> Headers(OrgSheet sheet) => sheet.Columns.Select(c => c.Chinese).ToList();

    private static IEnumerable<IReadOnlyList<string?>> Rows(OrgFile file, OrgSheet sheet)
    {
        if (ReferenceEquals(sheet, OrgSchema.Units))
            return file.Units.Select(u => (IReadOnlyList<string?>)[u.Code, u.Name, u.Kind, u.ParentCode]);
        if (ReferenceEquals(sheet, OrgSchema.People))
            return file.People.Select(p => (IReadOnlyList<string?>)[p.Code, p.Name, p.UnitCode, p.Phone, p.Email]);
        return file.Posts.Select(p => (IReadOnlyList<string?>)[p.UnitCode, p.Title, OrgSchema.RankChinese(p.Rank), p.HolderCode]);
    }

    /// <summary>The unit kinds of packs/org/unit-kinds.yaml at the time of writing.</summary>
    public static IReadOnlyList<(string Code, string Title)> DefaultKinds { get; } =
    [
        ("county", "县（市、区）"), ("township", "乡镇（街道）"), ("bureau", "县直部门"), ("court", "法院"), ("tribunal", "人民法庭"),
        ("section", "股室（庭室、科室）"), ("party-committee", "党委（党总支）"), ("party-branch", "党支部"), ("village", "行政村"),
        ("community", "社区"), ("lawyers-association", "律师协会"), ("association-branch", "律协分会"), ("law-firm", "律师事务所"),
        ("enterprise", "企事业单位"),
    ];

    private static IEnumerable<IReadOnlyList<string?>> HelpRows(IEnumerable<(string Code, string Title)> kinds)
    {
        yield return ["全部", "", "", "", "填写 单位、人员、岗位 三张表（可只填其中一张或两张）。第1行是表头；从第2行起每行一条记录，示例行可直接改写或删除。"];
        yield return ["全部", "", "", "", "表头也可以写成“英文列名”一栏中的英文，列的顺序不限；不要添加其他列。空行会被跳过。"];
        yield return ["全部", "", "", "", "也可以导入 CSV 文件（UTF-8 或 GBK 编码）：每个 CSV 文件只放一张表，系统按表头判断是哪张表。"];
        foreach (var sheet in OrgSchema.Sheets)
            foreach (var col in sheet.Columns)
            {
                yield return [sheet.Chinese, col.Chinese, col.English, col.Required ? "必填" : "选填", col.Help];
                if (col == OrgSchema.UnitKind)
                    yield return ["", "", "", "", "可用的单位类型（填代码或中文名称均可）：" + string.Join("；", kinds.Select(k => $"{k.Code} {k.Title}"))];
                if (col == OrgSchema.PostRank)
                    yield return ["", "", "", "", "一把手：单位主要负责人（如书记、局长、院长）；正职：其他正职领导（如镇长）；副职：副职领导；一般：其他岗位"];
            }
        yield return ["全部", "", "", "", "导入时会一次性列出所有问题（工作表、行号、列名和原因），改正后重新导入即可。"];
    }
}
