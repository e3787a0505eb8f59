namespace Changxiao.Kernel.Matters;

/// <summary>Somebody read a confidential field (the reporter's identity, say): every reading is on the journal.</summary>
public sealed record ConfidentialFieldRead(Guid Id, string Field, Guid? PersonId, string Name) : MatterFact(Id)
{
    public override string Type => "matter.confidential-read";
}
