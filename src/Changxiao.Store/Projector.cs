using Changxiao.Kernel.Accounts;
using Changxiao.Kernel.Journal;
using Changxiao.Kernel.Org;
using Changxiao.Store.Model;

namespace Changxiao.Store;

/// <summary>Applies a recorded fact to the read tables. Called only by <see cref="WriteScope.Record"/>.</summary>
internal static class Projector
{
    public static void Apply(ChangxiaoDb db, IFact fact, long atMs)
    {
        switch (fact)
        {
            case UnitCreated f:
            {
                var parentPath = f.ParentId is { } p ? Unit(db, p).Path : null;
                var path = UnitPath.Of(parentPath, f.Id);
                db.Units.Add(new UnitRow { Id = f.Id, Code = f.Code, Name = f.Name, Kind = f.Kind, ParentId = f.ParentId, Path = path, Depth = UnitPath.Depth(path) });
                break;
            }
            case UnitUpdated f:
            {
                var u = Unit(db, f.Id);
                u.Code = f.Code;
                u.Name = f.Name;
                u.Kind = f.Kind;
                if (u.ParentId != f.ParentId)
                {
                    var oldPath = u.Path;
                    var newPath = UnitPath.Of(f.ParentId is { } p ? Unit(db, p).Path : null, f.Id);
                    foreach (var d in db.Units.Where(x => x.Path.StartsWith(oldPath)).ToList())
                    {
                        d.Path = newPath + d.Path[oldPath.Length..];
                        d.Depth = UnitPath.Depth(d.Path);
                    }
                    u.ParentId = f.ParentId;
                }
                break;
            }
            case PersonCreated f:
                db.People.Add(new PersonRow { Id = f.Id, Code = f.Code, Name = f.Name, UnitId = f.UnitId, Phone = f.Phone, Email = f.Email });
                break;
            case PersonUpdated f:
            {
                var p = db.People.Find(f.Id)!;
                (p.Code, p.Name, p.UnitId, p.Phone, p.Email) = (f.Code, f.Name, f.UnitId, f.Phone, f.Email);
                break;
            }
            case PostCreated f:
                db.Posts.Add(new PostRow { Id = f.Id, UnitId = f.UnitId, Title = f.Title, Rank = f.Rank, HolderId = f.HolderId });
                break;
            case PostUpdated f:
            {
                var p = db.Posts.Find(f.Id)!;
                (p.UnitId, p.Title, p.Rank, p.HolderId) = (f.UnitId, f.Title, f.Rank, f.HolderId);
                break;
            }
            case RoleAssigned f:
                db.RoleAssignments.Add(new RoleAssignmentRow { Id = f.Id, PersonId = f.PersonId, Role = f.Role, UnitId = f.UnitId, Subtree = f.Subtree });
                break;
            case RoleRevoked f:
                db.RoleAssignments.Remove(db.RoleAssignments.Find(f.Id)!);
                break;
            case AccountCreated or PasswordChanged or AccountDisabledChanged or LoginAttempted or LoginFailed or AccountLocked or AccountUnlocked
                or LoginSucceeded or SessionStarted or SessionEnded or SignedOutEverywhere or TokenIssued or TokenRevoked:
                Services.AccountProjection.Apply(db, fact, atMs);
                break;
            case Kernel.Notifications.NotificationQueued or Kernel.Notifications.NotificationDelivered
                or Kernel.Notifications.NotificationFailed or Kernel.Notifications.NotificationRead:
                Notifications.NotificationProjection.Apply(db, fact, atMs);
                break;
            case Kernel.Inspections.ProgrammeDrawn:
                break; // the draw lives on the journal; the inspections it opens are matters of their own
            default:
                throw new InvalidOperationException($"No projection for fact {fact.Type}");
        }
    }

    private static UnitRow Unit(ChangxiaoDb db, Guid id) =>
        db.Units.Find(id) ?? throw new InvalidOperationException($"unit {id:N} missing during projection");
}
