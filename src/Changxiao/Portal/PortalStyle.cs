using System.Net;

namespace Changxiao.Portal;

/// <summary>
/// The portal's look: one small inline style sheet (the console is built separately, so nothing is served from
/// there), laid out for a phone first (360 px up), and plain HTML pages for errors that happen outside a Razor page.
/// </summary>
public static class PortalStyle
{
    public const string Css = """
        *,*::before,*::after{box-sizing:border-box}
        html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
        body{margin:0;font:16px/1.6 system-ui,-apple-system,"PingFang SC","Hiragino Sans GB","Noto Sans CJK SC","Microsoft YaHei",sans-serif;color:#1f2328;background:#f5f5f4}
        header{background:#b3261e;color:#fff}
        header .in{max-width:44rem;margin:0 auto;padding:.75rem 1rem;display:flex;flex-wrap:wrap;gap:.25rem 1rem;align-items:baseline;justify-content:space-between}
        header a{color:#fff;text-decoration:none}
        header .site{font-size:1.15rem;font-weight:700;letter-spacing:.05em}
        header nav a{margin-right:.9rem;font-size:.95rem}
        main{max-width:44rem;margin:0 auto;padding:1rem}
        footer{max-width:44rem;margin:0 auto;padding:1rem;color:#6b6b6b;font-size:.85rem}
        h1{font-size:1.35rem;margin:.25rem 0 1rem;line-height:1.35}
        h2{font-size:1.1rem;margin:1.5rem 0 .5rem}
        h3{font-size:1.02rem;margin:0 0 .6rem}
        a{color:#0b57d0}
        .card{background:#fff;border:1px solid #e2e2e0;border-radius:8px;padding:1rem;margin:0 0 1rem}
        .list{list-style:none;padding:0;margin:0}
        .list li{padding:.6rem 0;border-top:1px solid #eee}
        .list li:first-child{border-top:0}
        .field{margin:0 0 1rem}
        .field label,.field .label{display:block;font-weight:600;margin-bottom:.25rem}
        .req{color:#b3261e;margin-left:.2rem}
        input[type=text],input[type=number],input[type=date],select,textarea{width:100%;font:inherit;padding:.55rem .65rem;border:1px solid #b9b9b6;border-radius:6px;background:#fff}
        textarea{min-height:8rem;resize:vertical}
        input[type=file]{width:100%;font-size:.95rem}
        .check{display:flex;gap:.5rem;align-items:flex-start;font-weight:400}
        .check input{margin-top:.35rem;width:1.1rem;height:1.1rem;flex:none}
        .opts label{font-weight:400;display:flex;gap:.5rem;align-items:center;margin:.2rem 0}
        .hint{color:#5f6368;font-size:.9rem;margin:.2rem 0 0}
        .err{color:#b3261e;font-size:.92rem;margin:.25rem 0 0}
        .alert{border-left:4px solid #b3261e;background:#fdecea;padding:.75rem 1rem;border-radius:4px;margin:0 0 1rem}
        .ok{border-left:4px solid #1e7d32;background:#e8f5e9;padding:.75rem 1rem;border-radius:4px;margin:0 0 1rem}
        .btn{display:inline-block;font:inherit;font-weight:600;border:0;border-radius:6px;padding:.7rem 1.2rem;background:#b3261e;color:#fff;cursor:pointer;text-decoration:none;min-height:44px}
        .btn.secondary{background:#fff;color:#b3261e;border:1px solid #b3261e}
        .btn.block{display:block;width:100%;text-align:center}
        .code{font:700 1.4rem/1.3 ui-monospace,"SFMono-Regular",Menlo,Consolas,monospace;letter-spacing:.08em;background:#fff8e1;border:1px dashed #c79100;border-radius:6px;padding:.6rem .8rem;word-break:break-all;text-align:center}
        dl.kv{display:grid;grid-template-columns:minmax(5.5rem,max-content) 1fr;gap:.35rem .9rem;margin:0}
        dl.kv dt{color:#5f6368}
        dl.kv dd{margin:0;white-space:pre-wrap;word-break:break-word}
        .state{display:inline-block;background:#fff3e0;color:#8a4b00;border-radius:999px;padding:.05rem .7rem;font-weight:600}
        .state.final{background:#e8f5e9;color:#1e7d32}
        fieldset{border:1px solid #e2e2e0;border-radius:8px;padding:.75rem 1rem;margin:0 0 1rem}
        legend{font-weight:700;padding:0 .3rem}
        .steps{list-style:none;margin:0;padding:0}
        .steps li{padding:.35rem 0 .35rem 1rem;border-left:2px solid #e0c3c0;position:relative}
        .steps time{color:#5f6368;font-size:.9rem;display:block}
        @media (max-width:400px){main{padding:.75rem}.card{padding:.8rem}dl.kv{grid-template-columns:1fr}dl.kv dt{margin-top:.4rem}}
        """;

    /// <summary>A whole page for an error answered outside a Razor page (rate limit, body too large, unknown path).</summary>
    public static string ErrorPage(string title, string detail, string site = PortalSettings.DefaultTitle) => $"""
        <!DOCTYPE html>
        <html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{WebUtility.HtmlEncode(title)} - {WebUtility.HtmlEncode(site)}</title><style>{Css}</style></head>
        <body><header><div class="in"><a class="site" href="/portal">{WebUtility.HtmlEncode(site)}</a></div></header>
        <main><div class="card"><h1>{WebUtility.HtmlEncode(title)}</h1><p>{WebUtility.HtmlEncode(detail)}</p>
        <p><a class="btn secondary" href="/portal">返回首页</a></p></div></main></body></html>
        """;
}
