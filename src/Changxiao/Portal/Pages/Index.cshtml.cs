using Changxiao.Kernel.Packs;
using Changxiao.Store.Matters;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Changxiao.Portal.Pages;

/// <summary>The portal's home: the kinds citizens may file (open.citizens) per pack, tracking, and the publications.</summary>
public sealed class IndexModel(PackCatalog packs, PortalSettings settings) : PageModel
{
    public sealed record KindLink(Pack Pack, MatterKind Kind);
    public sealed record PublicationLink(Pack Pack, Publication Publication);

    public string Title => settings.Title;
    public IReadOnlyList<KindLink> Kinds { get; private set; } = [];
    public IReadOnlyList<PublicationLink> Publications { get; private set; } = [];

    public void OnGet()
    {
        var ordered = packs.Current.OrderBy(p => p.Id, StringComparer.Ordinal).ToList();
        Kinds = ordered.SelectMany(p => p.Kinds.Values.Where(k => k.Open.Citizens).Select(k => new KindLink(p, k))).ToList();
        Publications = ordered.SelectMany(p => p.Publications.Select(x => new PublicationLink(p, x))).ToList();
    }
}
