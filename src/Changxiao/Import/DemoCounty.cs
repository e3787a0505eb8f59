using System.Globalization;

namespace Changxiao.Import;

/// <summary>
/// Generates a deterministic, realistic demo county (青溪县) as an <see cref="OrgFile"/>: the county, its townships
/// (sections, villages, communities, a party committee with branches), county bureaus with sections (incl. 县纪委监委,
/// 县效能办, 县司法局 → 县律师协会 → law firms), the basic court (chambers and people's tribunals) and a county
/// organs' party working committee. About one unit per 20 people (at least ~40 units), people with Chinese names,
/// and for every unit a top post, 1–2 deputies and some staff posts, held by the unit's people or vacant.
/// </summary>
/// <remarks>Unit codes are readable and stable for a given (people, seed): <c>QX</c>, <c>QX-CZ</c> (县财政局),
/// <c>QX-CZ-S02</c>, <c>QX-T01</c> (a township), <c>QX-T01-V03</c>, <c>QX-T01-PC-B03</c>, <c>QX-FY-R01</c> (a tribunal).
/// Rows are numbered 2, 3, … as <see cref="OrgTemplate.WriteXlsx"/> writes them, so a written-then-read file equals the result.</remarks>
public static class DemoCounty
{
    public const string CountyCode = "QX";
    public const string CountyName = "青溪县";

    /// <summary>A county with <paramref name="people"/> people (≥ 0); same inputs → same output.</summary>
    public static OrgFile Generate(int people, int seed = 42)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(people);
        var g = new Generator(new Random(seed));
        g.BuildTree(Math.Max(40, (int)Math.Round(people / 20.0)));
        return g.Populate(people);
    }

    private sealed class Unit(string code, string name, string kind, Unit? parent, double weight)
    {
        public string Code { get; } = code;
        public string Name { get; } = name;
        public string Kind { get; } = kind;
        public Unit? Parent { get; } = parent;
        public double Weight { get; } = weight;
        public List<Unit> Children { get; } = [];
        public List<string> People { get; } = [];
        public Queue<string> PendingSections { get; set; } = new();
        public int Sections;
        public int Villages;
        public int Communities;
        public Unit? PartyCommittee;
        public bool HasPartyBranch;
        public string Short => Name.Length > 2 && (Name.EndsWith('镇') || Name.EndsWith('乡')) ? Name[..^1] : Name;
    }

    private sealed class Generator(Random rng)
    {
        private readonly List<Unit> _all = [];
        private readonly HashSet<string> _names = [];
        private Unit _county = null!, _court = null!, _association = null!, _organs = null!;
        private readonly List<Unit> _townships = [], _bureaus = [], _tribunals = [];
        private int _nextBureau, _nextTownship, _nextCourtSection, _firms;

        private Unit Add(Unit? parent, string code, string name, string kind, double weight)
        {
            var u = new Unit(code, name, kind, parent, weight);
            parent?.Children.Add(u);
            _all.Add(u);
            _names.Add(name);
            return u;
        }

        /// <summary>Code prefixes in the order siblings are listed; others (the organs' committee, bureaus) come first.</summary>
        private static readonly string[] SiblingOrder = ["S", "R", "LX", "F", "PC", "V", "C", "B", "FY", "T"];

        private static string Seq(string prefix, int n) => prefix + n.ToString("D2", CultureInfo.InvariantCulture);

        // ------------------------------------------------------------ tree

        public void BuildTree(int target)
        {
            _county = Add(null, CountyCode, CountyName, "county", 6);
            _organs = Add(_county, CountyCode + "-JG", "县直机关工委", "party-committee", 3);

            // The bureaus the product's scenarios need, each with a couple of sections.
            for (int i = 0; i < InitialBureaus; i++)
            {
                var b = AddBureau();
                int sections = b.Code.EndsWith("-JW") ? 3 : b.Code.EndsWith("-SF") ? 1 : 2;
                for (int s = 0; s < sections; s++) AddSection(b);
            }
            var justice = _bureaus.First(b => b.Code.EndsWith("-SF"));
            _association = Add(justice, justice.Code + "-LX", "青溪县律师协会", "lawyers-association", 3);
            AddLawFirm();
            AddLawFirm();

            _court = Add(_county, CountyCode + "-FY", "青溪县人民法院", "court", 12);
            for (int i = 0; i < 5; i++) AddCourtSection();

            AddTownship(withCommunity: true);
            AddTownship(withCommunity: false);
            AddTribunal();

            // Grow round-robin until the target; villages never run out, so this ends.
            Func<bool>[] cycle =
            [
                AddVillage, AddNextBureau, AddVillage, AddBureauSection, AddNextTownship, AddVillage, AddTownshipSection,
                AddCommunity, AddLawFirmStep, AddVillage, AddBureauSection, AddTribunal, AddVillage, AddCourtSection,
                AddOrgansBranch, AddCommunity,
            ];
            for (int i = 0; _all.Count < target; i++) cycle[i % cycle.Length]();
        }

        private const int InitialBureaus = 6; // JW, XN, ZR, CZ, SJ, SF

        private Unit AddBureau()
        {
            var (code, name, sections) = Bureaus[_nextBureau++];
            var b = Add(_county, $"{CountyCode}-{code}", name, "bureau", code == "JW" ? 10 : 8);
            b.PendingSections = new Queue<string>(sections);
            _bureaus.Add(b);
            return b;
        }

        private bool AddNextBureau()
        {
            if (_nextBureau >= Bureaus.Length) return false;
            var b = AddBureau();
            AddSection(b);
            AddSection(b);
            return true;
        }

        private bool AddSection(Unit parent)
        {
            if (!parent.PendingSections.TryDequeue(out var name)) return false;
            parent.Sections++;
            Add(parent, parent.Code + "-" + Seq("S", parent.Sections), name, "section", 5);
            return true;
        }

        private bool AddBureauSection()
        {
            var b = _bureaus.Where(x => x.PendingSections.Count > 0).MinBy(x => x.Sections);
            return b is not null && AddSection(b);
        }

        private bool AddCourtSection()
        {
            if (_nextCourtSection >= CourtSections.Length) return false;
            _court.Sections++;
            Add(_court, _court.Code + "-" + Seq("S", _court.Sections), CourtSections[_nextCourtSection++], "section", 6);
            return true;
        }

        private bool AddTribunal()
        {
            if (_tribunals.Count >= Math.Min(8, _townships.Count)) return false;
            var seat = _townships[_tribunals.Count];
            _tribunals.Add(Add(_court, _court.Code + "-" + Seq("R", _tribunals.Count + 1), seat.Short + "人民法庭", "tribunal", 5));
            return true;
        }

        private bool AddLawFirmStep() { AddLawFirm(); return true; }

        private void AddLawFirm()
        {
            _firms++;
            string name = "";
            for (int attempt = 0; attempt < 50; attempt++)
            {
                var a = FirmWords[rng.Next(FirmWords.Length)];
                name = (attempt < 10 ? a : a + FirmWords[rng.Next(FirmWords.Length)]) + "律师事务所";
                if (!_names.Contains(name)) break;
            }
            if (_names.Contains(name)) name = $"{name[..^5]}{_firms}律师事务所";
            Add(_association, _association.Code + "-" + Seq("F", _firms), name, "law-firm", 6);
        }

        private bool AddNextTownship()
        {
            if (_nextTownship >= TownshipNames.Length) return false;
            if (_townships.Sum(t => t.Villages) < 3 * _townships.Count) return false; // fill existing ones first
            AddTownship(withCommunity: TownshipNames[_nextTownship].EndsWith('镇') && _nextTownship % 2 == 0);
            return true;
        }

        private void AddTownship(bool withCommunity)
        {
            var name = TownshipNames[_nextTownship++];
            var t = Add(_county, $"{CountyCode}-{Seq("T", _townships.Count + 1)}", name, "township", 8);
            _townships.Add(t);
            t.PendingSections = new Queue<string>(TownshipSections);
            AddSection(t);
            if (_townships.Count <= 2) AddSection(t);
            t.PartyCommittee = Add(t, t.Code + "-PC", name + "党委", "party-committee", 3);
            AddVillage(t);
            if (withCommunity) AddCommunity(t);
        }

        private bool AddTownshipSection()
        {
            var t = _townships.Where(x => x.PendingSections.Count > 0).MinBy(x => x.Sections);
            return t is not null && AddSection(t);
        }

        private bool AddVillage() { AddVillage(_townships.MinBy(t => t.Villages + t.Communities)!); return true; }

        private void AddVillage(Unit township)
        {
            township.Villages++;
            var name = UniqueName(() => VillageFirst[rng.Next(VillageFirst.Length)] + VillageSecond[rng.Next(VillageSecond.Length)], "村", township);
            Add(township, township.Code + "-" + Seq("V", township.Villages), name, "village", 4);
            AddBranch(township, name);
        }

        private bool AddCommunity()
        {
            var t = _townships.Where(x => x.Name.EndsWith('镇')).MinBy(x => x.Communities * 3 + x.Villages);
            if (t is null) return false;
            AddCommunity(t);
            return true;
        }

        private void AddCommunity(Unit township)
        {
            township.Communities++;
            var name = UniqueName(() => CommunityWords[rng.Next(CommunityWords.Length)], "社区", township);
            Add(township, township.Code + "-" + Seq("C", township.Communities), name, "community", 5);
            AddBranch(township, name);
        }

        private void AddBranch(Unit township, string villageName)
        {
            var pc = township.PartyCommittee!;
            pc.Sections++;
            Add(pc, pc.Code + "-" + Seq("B", pc.Sections), villageName + "党支部", "party-branch", 2);
        }

        private bool AddOrgansBranch()
        {
            var b = _bureaus.FirstOrDefault(x => !x.HasPartyBranch);
            if (b is null) return false;
            b.HasPartyBranch = true;
            _organs.Sections++;
            Add(_organs, _organs.Code + "-" + Seq("B", _organs.Sections), b.Name + "机关党支部", "party-branch", 2);
            return true;
        }

        /// <summary>A name not used yet: a random draw, then the township's short name before it, then 一村/二村….</summary>
        private string UniqueName(Func<string> draw, string suffix, Unit township)
        {
            string stem = "";
            for (int attempt = 0; attempt < 20; attempt++)
            {
                stem = draw();
                if (!_names.Contains(stem + suffix)) return stem + suffix;
            }
            if (!_names.Contains(township.Short + stem + suffix)) return township.Short + stem + suffix;
            for (int n = 1; ; n++)
            {
                var name = stem + Numeral(n) + suffix;
                if (!_names.Contains(name)) return name;
            }
        }

        private static string Numeral(int n) => n <= 10 ? "一二三四五六七八九十"[n - 1].ToString() : n.ToString(CultureInfo.InvariantCulture);

        // ------------------------------------------------------------ people and posts

        public OrgFile Populate(int count)
        {
            // Depth first; siblings grouped by kind of code (sections, tribunals, …, townships last), each group in number order.
            var ordered = new List<Unit>(_all.Count);
            void Walk(Unit u)
            {
                ordered.Add(u);
                foreach (var c in u.Children.OrderBy(c => Array.IndexOf(SiblingOrder, c.Code[(c.Code.LastIndexOf('-') + 1)..].TrimEnd("0123456789".ToCharArray()))))
                    Walk(c);
            }
            Walk(_county);

            // Head count per unit: 1 each (while there are people), the rest by jittered weight, largest remainder.
            var quota = new int[ordered.Count];
            int baseEach = count >= ordered.Count ? 1 : 0;
            if (baseEach == 0) for (int i = 0; i < count; i++) quota[i] = 1;
            else
            {
                Array.Fill(quota, 1);
                int rest = count - ordered.Count;
                var w = ordered.Select(u => u.Weight * (0.6 + 0.8 * rng.NextDouble())).ToArray();
                double total = w.Sum();
                var frac = new (double Frac, int Index)[ordered.Count];
                int given = 0;
                for (int i = 0; i < ordered.Count; i++)
                {
                    double exact = rest * w[i] / total;
                    int whole = (int)Math.Floor(exact);
                    quota[i] += whole;
                    given += whole;
                    frac[i] = (exact - whole, i);
                }
                foreach (var (_, i) in frac.OrderByDescending(f => f.Frac).ThenBy(f => f.Index).Take(rest - given)) quota[i]++;
            }

            var units = new List<UnitRow>(ordered.Count);
            var people = new List<PersonRow>(count);
            var posts = new List<PostRow>();
            int personNo = 0;
            for (int i = 0; i < ordered.Count; i++)
            {
                var u = ordered[i];
                units.Add(new UnitRow(units.Count + 2, u.Code, u.Name, u.Kind, u.Parent?.Code));
                for (int k = 0; k < quota[i]; k++)
                {
                    var code = "P" + (++personNo).ToString("D6", CultureInfo.InvariantCulture);
                    u.People.Add(code);
                    people.Add(new PersonRow(people.Count + 2, code, PersonName(), u.Code, Phone(), Email(code, u)));
                }
            }
            foreach (var u in ordered) AddPosts(u, posts);
            return new OrgFile(units, people, posts);
        }

        private void AddPosts(Unit u, List<PostRow> posts)
        {
            var (top, principal, deputy, staff) = Titles(u);
            int next = 0;
            string? Take(double vacancy)
            {
                if (next >= u.People.Count || rng.NextDouble() < vacancy) return null;
                return u.People[next++];
            }
            posts.Add(new PostRow(posts.Count + 2, u.Code, top, "top", Take(0.03)));
            if (principal is not null) posts.Add(new PostRow(posts.Count + 2, u.Code, principal, "principal", Take(0.03)));
            int deputies = rng.Next(1, 3);
            for (int d = 0; d < deputies; d++) posts.Add(new PostRow(posts.Count + 2, u.Code, deputy, "deputy", Take(0.1)));
            int staffPosts = u.People.Count >= 6 ? rng.Next(0, 3) : 0;
            for (int s = 0; s < staffPosts; s++) posts.Add(new PostRow(posts.Count + 2, u.Code, staff, "staff", Take(0.15)));
        }

        private static (string Top, string? Principal, string Deputy, string Staff) Titles(Unit u) => u.Kind switch
        {
            "county" => ("县委书记", "县长", "副县长", "县政府办公室主任"),
            "township" => ("党委书记", u.Name.EndsWith('乡') ? "乡长" : "镇长", u.Name.EndsWith('乡') ? "副乡长" : "副镇长", "办事员"),
            "party-committee" when u.Parent?.Kind == "county" => ("工委书记", null, "工委副书记", "组织员"),
            "party-committee" => ("党委副书记", null, "党委委员", "组织员"),
            "party-branch" => ("支部书记", null, "支部副书记", "支部委员"),
            "village" => ("村委会主任", null, "村委会副主任", "村委委员"),
            "community" => ("居委会主任", null, "居委会副主任", "社区网格员"),
            "court" => ("院长", null, "副院长", "审判委员会专职委员"),
            "tribunal" => ("庭长", null, "副庭长", "书记员"),
            "lawyers-association" => ("会长", null, "副会长", "秘书长"),
            "law-firm" => ("主任", null, "副主任", "律师"),
            "bureau" when u.Code.EndsWith("-JW") => ("县纪委书记、县监委主任", null, "县纪委副书记、县监委副主任", "纪检监察员"),
            _ => Heads(u.Name, u.Parent?.Kind == "court" ? "法官助理" : "科员"),
        };

        private static (string, string?, string, string) Heads(string name, string staff)
        {
            foreach (var (suffix, head) in HeadBySuffix)
                if (name.EndsWith(suffix, StringComparison.Ordinal)) return (head, null, "副" + head, staff);
            return ("主任", null, "副主任", staff);
        }

        private static readonly (string Suffix, string Head)[] HeadBySuffix =
        [
            ("大队", "大队长"), ("中队", "中队长"), ("股", "股长"), ("庭", "庭长"), ("局", "局长"),
            ("所", "所长"), ("站", "站长"), ("段", "段长"), ("队", "队长"),
        ];

        private string PersonName()
        {
            // Skewed towards the common surnames at the front of the list.
            double r = rng.NextDouble();
            var surname = Surnames[(int)(r * r * Surnames.Length)];
            return surname + GivenNames[rng.Next(GivenNames.Length)];
        }

        private string? Phone()
        {
            double r = rng.NextDouble();
            if (r < 0.04) return null;
            if (r < 0.10) return "0578-" + rng.Next(2, 9) + rng.Next(0, 10_000_000).ToString("D7", CultureInfo.InvariantCulture);
            return MobilePrefixes[rng.Next(MobilePrefixes.Length)] + rng.Next(0, 100_000_000).ToString("D8", CultureInfo.InvariantCulture);
        }

        private string? Email(string code, Unit u) =>
            rng.NextDouble() < 0.4
                ? code.ToLowerInvariant() + (u.Kind is "law-firm" or "lawyers-association" ? "@lawyer.qingxi.cn" : "@qingxi.gov.cn")
                : null;
    }

    // ---------------------------------------------------------------- word lists

    private static readonly (string Code, string Name, string[] Sections)[] Bureaus =
    [
        ("JW", "县纪委监委", ["办公室", "党风政风监督室", "第一纪检监察室", "第二纪检监察室", "第三纪检监察室", "案件审理室", "信访室", "干部监督室"]),
        ("XN", "县效能办", ["综合股", "督查股", "投诉受理股", "营商环境股"]),
        ("ZR", "县自然资源局", ["办公室", "国土空间规划股", "耕地保护股", "自然资源利用股", "执法监察大队", "不动产登记中心"]),
        ("CZ", "县财政局", ["办公室", "预算股", "国库股", "综合股", "农业农村股", "政府采购监管股", "会计股"]),
        ("SJ", "县市场监管局", ["办公室", "登记注册股", "食品安全协调股", "特种设备安全监察股", "价格监督检查股", "知识产权股", "消费者权益保护股"]),
        ("SF", "县司法局", ["办公室", "公共法律服务股", "人民参与和促进法治股", "社区矫正股", "律师公证管理股"]),
        ("FG", "县发展和改革局", ["办公室", "规划股", "项目管理股", "价格股", "能源股"]),
        ("JY", "县教育局", ["办公室", "基础教育股", "人事股", "计划财务股", "安全稳定股"]),
        ("GA", "县公安局", ["办公室", "治安大队", "刑侦大队", "交警大队", "法制大队", "指挥中心"]),
        ("MZ", "县民政局", ["办公室", "社会救助股", "养老服务股", "社会事务股"]),
        ("RS", "县人力资源和社会保障局", ["办公室", "就业促进股", "劳动关系股", "社会保险股", "劳动保障监察大队"]),
        ("HB", "县生态环境局", ["办公室", "污染防治股", "环境监测站", "生态环境执法大队"]),
        ("ZJ", "县住房和城乡建设局", ["办公室", "建筑业管理股", "房地产管理股", "城建股", "质量安全监督站"]),
        ("JT", "县交通运输局", ["办公室", "规划建设股", "运输管理股", "公路管理段"]),
        ("SL", "县水利局", ["办公室", "水资源股", "工程建设股", "河湖管理股", "防汛抗旱办"]),
        ("NY", "县农业农村局", ["办公室", "农村经济股", "种植业股", "畜牧兽医股", "乡村振兴股", "农业执法大队"]),
        ("SW", "县商务局", ["办公室", "外贸股", "市场建设股"]),
        ("WL", "县文化和旅游局", ["办公室", "文化艺术股", "旅游发展股", "文物股", "文化市场执法大队"]),
        ("WJ", "县卫生健康局", ["办公室", "医政股", "疾病预防控制股", "基层卫生股", "卫生监督所"]),
        ("YJ", "县应急管理局", ["办公室", "安全生产综合协调股", "危化品监管股", "应急救援股"]),
        ("AU", "县审计局", ["办公室", "财政审计股", "经济责任审计股", "投资审计股"]),
        ("TJ", "县统计局", ["办公室", "综合统计股", "普查中心"]),
        ("YB", "县医疗保障局", ["办公室", "待遇保障股", "医药服务管理股", "基金监管股"]),
        ("XF", "县信访局", ["办公室", "接访股", "督查股"]),
        ("SP", "县行政审批服务局", ["办公室", "投资审批股", "市场准入审批股", "政务服务中心"]),
        ("TY", "县退役军人事务局", ["办公室", "优抚股", "就业安置股"]),
        ("LY", "县林业局", ["办公室", "林政资源股", "森林防火股", "林业站"]),
        ("ZF", "县综合行政执法局", ["办公室", "法制股", "执法一中队", "执法二中队", "执法三中队"]),
    ];

    private static readonly string[] CourtSections =
        ["立案庭", "民一庭", "刑事审判庭", "执行局", "审判管理办公室", "民二庭", "行政审判庭", "政治部", "办公室", "司法警察大队"];

    private static readonly string[] TownshipNames =
    [
        "青石镇", "溪口镇", "白沙镇", "桃源乡", "云岭乡", "龙潭镇", "清河镇", "柳塘乡", "石门镇", "梅溪镇",
        "竹林乡", "枫桥镇", "双溪镇", "黄泥岗乡", "凤凰镇", "长乐镇", "安仁镇", "新塘乡", "马鞍山乡", "金沙镇",
        "南山镇", "东岙乡", "西坑乡", "大洋镇", "高坪乡", "杨梅岭乡", "莲花镇", "仙岩镇", "平桥镇", "岭头乡",
    ];

    private static readonly string[] TownshipSections =
        ["党政办", "经济发展办", "社会事务办", "平安法治办", "农业农村办", "综合行政执法队", "财政所", "便民服务中心"];

    private static readonly string[] VillageFirst =
    [
        "石", "李", "王", "东", "西", "南", "北", "上", "下", "大", "小", "新", "高", "马", "杨", "黄", "柳", "桃", "杏", "梅",
        "竹", "松", "金", "银", "龙", "凤", "白", "红", "青", "双", "张", "陈", "吴", "周", "叶", "潘", "毛", "岩", "沙", "湖",
    ];

    private static readonly string[] VillageSecond =
    [
        "桥", "家", "庄", "坑", "岙", "塘", "岭", "湾", "溪", "坪", "山", "田", "垟", "源", "岩", "头", "口", "埠", "洋", "岗",
        "坞", "坂", "畈", "垄", "圩", "店", "铺", "寨", "墩", "林",
    ];

    private static readonly string[] CommunityWords =
    [
        "城东", "城西", "城南", "城北", "新华", "解放", "人民", "文化", "建设", "和平", "幸福", "阳光", "锦绣", "滨江", "康宁",
        "春晖", "桂花", "翠苑", "清风", "花园", "东湖", "南苑", "北门", "振兴", "育才", "学府", "望江", "紫金", "朝阳", "丰收",
    ];

    private static readonly string[] FirmWords =
    [
        "天衡", "博远", "正和", "明德", "诚信", "汇智", "方正", "君和", "东方", "金道", "安诚", "民生", "立远", "信达", "泽厚",
        "海晨", "华仁", "恒信", "锦天", "德邻", "弘正", "至诚", "青溪", "溪城", "鼎力", "合众", "开元", "永安", "卓越", "正信",
    ];

    private static readonly string[] Surnames =
    [
        "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "罗",
        "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "肖", "田", "董", "袁", "潘", "于", "蒋", "蔡",
        "余", "杜", "叶", "程", "苏", "魏", "吕", "丁", "任", "沈", "姚", "卢", "姜", "崔", "钟", "谭", "陆", "汪", "范", "金",
        "石", "廖", "贾", "夏", "韦", "付", "方", "白", "邹", "孟", "熊", "秦", "邱", "江", "尹", "薛", "闫", "段", "雷", "侯",
        "龙", "史", "陶", "黎", "贺", "顾", "毛", "郝", "龚", "邵", "万", "钱", "严", "覃", "武", "戴", "莫", "孔", "向", "汤",
        "欧阳", "诸葛", "司马",
    ];

    private static readonly string[] GivenNames =
    [
        "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "霞", "平", "刚",
        "辉", "鹏", "斌", "健", "波", "宁", "亮", "琳", "雪", "倩", "璐", "凯", "博", "浩", "帆", "晨", "阳", "睿", "颖", "慧",
        "秀英", "秀兰", "桂英", "玉兰", "春梅", "红梅", "海燕", "丽娟", "晓燕", "小红", "建华", "建国", "建军", "建平", "建新",
        "志强", "志明", "志刚", "国强", "国庆", "立新", "卫东", "振华", "德华", "永强", "永红", "玉梅", "淑珍", "凤英", "金凤",
        "新华", "晓东", "晓明", "晓峰", "晓丽", "海涛", "海波", "文杰", "俊杰", "文斌", "文静", "丽华", "丽萍", "美玲", "雪梅",
        "婷婷", "丹丹", "晶晶", "佳怡", "欣怡", "子涵", "梓涵", "一诺", "雨桐", "思远", "宇轩", "浩然", "子轩", "皓轩", "宇航",
        "天宇", "家豪", "俊熙", "明轩", "嘉怡", "梦琪", "诗涵", "雅婷", "若曦", "佳琪", "晓华", "红霞", "春燕", "秋菊", "冬梅",
        "海峰", "永刚", "国华", "建伟", "伟东", "忠良", "胜利", "光明", "长青", "宏伟", "学文", "雪峰", "思琪", "欣然", "可馨",
    ];

    private static readonly string[] MobilePrefixes =
    [
        "130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "150", "151", "152", "153", "155", "156",
        "157", "158", "159", "166", "177", "180", "181", "182", "183", "186", "187", "188", "189", "191", "198", "199",
    ];
}
