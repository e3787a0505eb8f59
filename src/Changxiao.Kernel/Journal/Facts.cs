namespace Changxiao.Kernel.Journal;

/// <summary>
/// A fact is what an accepted command records: it goes onto the journal verbatim and is then
/// applied to the read tables. Type names are stable ("unit.created"): they are part of the chain.
/// </summary>
public interface IFact
{
    string Type { get; }
    string EntityType { get; }
    Guid EntityId { get; }
}
