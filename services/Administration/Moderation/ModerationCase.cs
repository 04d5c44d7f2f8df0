namespace SkillSwap.Administration.Moderation;

/// <summary>What was reported.</summary>
public enum CaseKind
{
    /// <summary>A chat message; the subject is "{conversationId}/{sequence}".</summary>
    ChatMessage,

    /// <summary>A review; the subject is the review id.</summary>
    Review,

    /// <summary>A disputed booking, its escrow frozen until a moderator settles it; the subject is the booking id.</summary>
    Dispute,

    /// <summary>Someone's profile (a fake, a scam, abuse in the bio); the subject is the person's user id.</summary>
    Profile,
}

public enum CaseStatus { Open, Decided }

public enum CaseOutcome
{
    /// <summary>Nothing to act on: the content and the people stay as they are.</summary>
    Dismissed,

    /// <summary>The reported person is told, with the reason, that this breaks the rules; no sanction.</summary>
    Warned,

    /// <summary>The reported person is suspended for a number of days (see <c>Sanctions/</c>).</summary>
    Suspended,

    /// <summary>The reported person is banned.</summary>
    Banned,

    /// <summary>A dispute is settled: the escrow split and any upheld no-show go to Sessions.</summary>
    Settled,

    /// <summary>The reported content (message, review, bio) is removed by the service that owns it; its author is told why.</summary>
    ContentRemoved,
}

/// <summary>
/// One reported thing and every report of it. Its priority grows with the severity of its kind and the number of
/// people who reported it; a moderator takes it, then decides. A report arriving after a decision opens it again, so
/// nobody's report is silently filed under an old decision; so does the reported person's appeal, once, for another
/// moderator. Changed only by its own methods.
/// </summary>
public sealed class ModerationCase
{
    public const int SubjectMaxLength = 200;

    /// <summary>Each further person reporting the same thing raises the priority by this much, up to <see cref="MaxCrowdBonus"/>.</summary>
    public const int PerExtraReporter = 5;

    public const int MaxCrowdBonus = 25;

    public Guid Id { get; private set; }
    public CaseKind Kind { get; private set; }
    public string Subject { get; private set; } = "";

    /// <summary>Where the subject lives: the conversation of a message, the session of a disputed booking.</summary>
    public string? ContextId { get; private set; }

    /// <summary>Whose content or conduct is reported (the sender, the author, the other party of a dispute), when known.</summary>
    public Guid? ReportedUserId { get; private set; }

    /// <summary>The content as it read when first reported (its owner may edit or delete it afterwards).</summary>
    public string? ReportedText { get; private set; }

    /// <summary>What surrounded it when first reported (a message's neighbours, a review's stars and reply), if anything.</summary>
    public CaseContext? Context { get; private set; }

    /// <summary>Everyone the case is about or comes from: staff among them may not act on it.</summary>
    public List<Guid> PartyIds { get; private set; } = [];

    public List<CaseReport> Reports { get; private set; } = [];
    public int Priority { get; private set; }
    public CaseStatus Status { get; private set; }
    public Guid? AssignedTo { get; private set; }
    public DateTimeOffset OpenedAt { get; private set; }

    /// <summary>
    /// Since when someone waits for a decision: the case's opening, a new report of a decided case, an appeal. The
    /// case's clock runs from it (<see cref="DueAt"/>).
    /// </summary>
    public DateTimeOffset WaitingSince { get; private set; }

    /// <summary>When a decision is due: <see cref="WaitingSince"/> plus the kind's <see cref="ResponseTimeOf"/>.</summary>
    public DateTimeOffset DueAt => DueAfter(Kind, WaitingSince);
    public DateTimeOffset LastReportedAt { get; private set; }
    public CaseOutcome? Outcome { get; private set; }
    public string? DecisionReason { get; private set; }
    public Guid? DecidedBy { get; private set; }
    public DateTimeOffset? DecidedAt { get; private set; }

    /// <summary>The person a decision concerns contested it (once per case), in their own words.</summary>
    public string? AppealText { get; private set; }

    public DateTimeOffset? AppealedAt { get; private set; }

    /// <summary>The decision the appeal contests.</summary>
    public CaseOutcome? AppealedOutcome { get; private set; }

    /// <summary>Appealed and not decided again yet.</summary>
    public bool UnderAppeal { get; private set; }

    /// <summary>Moderators who decided the case before its appeal: another one decides it now.</summary>
    public List<Guid> FormerDeciders { get; private set; } = [];

    public uint Version { get; private set; }

    private ModerationCase()
    {
    }

    public static ModerationCase Open(
        CaseKind kind, string subject, string? contextId, Guid? reportedUserId, string? reportedText, CaseContext? context, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(),
        Kind = kind,
        Subject = subject,
        ContextId = contextId,
        ReportedUserId = reportedUserId,
        ReportedText = reportedText,
        Context = context,
        PartyIds = reportedUserId is { } reported ? [reported] : [],
        Status = CaseStatus.Open,
        OpenedAt = now,
        WaitingSince = now,
        LastReportedAt = now,
    };

    /// <summary>
    /// How soon a case of this kind is to be decided, from when someone started waiting: a dispute within a day (two
    /// people's credits are frozen), a message within 12 hours (the conversation goes on), a profile within two days,
    /// a review within three.
    /// </summary>
    public static TimeSpan ResponseTimeOf(CaseKind kind) => kind switch
    {
        CaseKind.Dispute => TimeSpan.FromHours(24),
        CaseKind.ChatMessage => TimeSpan.FromHours(12),
        CaseKind.Profile => TimeSpan.FromHours(48),
        _ => TimeSpan.FromHours(72),
    };

    /// <summary>When a case of this kind, waiting since then, is due (also for a query's projection, where <see cref="DueAt"/> cannot be read).</summary>
    public static DateTimeOffset DueAfter(CaseKind kind, DateTimeOffset waitingSince) => waitingSince + ResponseTimeOf(kind);

    public static int SeverityOf(CaseKind kind) => kind switch
    {
        // Credits are frozen and two people wait for the answer.
        CaseKind.Dispute => 30,
        // Someone may be harassed in a conversation that goes on.
        CaseKind.ChatMessage => 20,
        // A fake or scam profile reaches everyone who finds it.
        CaseKind.Profile => 15,
        _ => 10,
    };

    /// <summary>Adds a report (once per report id); a decided case opens again for a new decision.</summary>
    public void AddReport(Guid reportId, Guid reporterId, string reason, DateTimeOffset reportedAt)
    {
        if (Reports.Any(report => report.Id == reportId))
        {
            return;
        }
        Reports.Add(new CaseReport(reportId, Id, reporterId, reason, reportedAt));
        AddParty(reporterId);
        LastReportedAt = reportedAt > LastReportedAt ? reportedAt : LastReportedAt;
        Reopen(reportedAt);
        var reporters = Reports.Select(report => report.ReporterId).Distinct().Count();
        Priority = SeverityOf(Kind) + Math.Min(MaxCrowdBonus, PerExtraReporter * (reporters - 1));
    }

    /// <summary>The other people a case is about, once known (a dispute's two parties).</summary>
    public void AddParty(Guid userId)
    {
        if (userId != Guid.Empty && !PartyIds.Contains(userId))
        {
            PartyIds.Add(userId);
        }
    }

    public bool IsPartyTo(Guid userId) => PartyIds.Contains(userId);

    /// <summary>
    /// A disputed session's conversation up to the dispute, quoted by Chat (a repeated quote replaces the earlier one);
    /// the words of people erased since are left out, as <see cref="Forget"/> would have.
    /// </summary>
    public void QuoteChat(IEnumerable<ContextMessage> messages, IReadOnlyCollection<Guid> erased)
    {
        Context ??= new CaseContext();
        Context.Messages = [.. messages];
        foreach (var userId in erased)
        {
            Context.Forget(userId);
        }
    }

    /// <summary>
    /// Whether the person it concerns may contest the decision now: a warning, a removal or a sanction of the reported
    /// person, once per case (a second decision, after the appeal, is final).
    /// </summary>
    public bool IsAppealable => Status == CaseStatus.Decided && AppealedAt is null && ReportedUserId is not null
        && Outcome is CaseOutcome.Warned or CaseOutcome.ContentRemoved or CaseOutcome.Suspended or CaseOutcome.Banned;

    /// <summary>The reported person contests the decision: the case opens again, for a moderator who did not decide it.</summary>
    public void Appeal(Guid userId, string text, DateTimeOffset now)
    {
        if (userId != ReportedUserId)
        {
            throw new RuleViolationException(StatusCodes.Status403Forbidden, "not-your-case", "Only the person a decision concerns can contest it.");
        }
        if (AppealedAt is not null)
        {
            throw RuleViolationException.Conflict("already-appealed", "This decision was already contested; the decision after an appeal is final.");
        }
        if (!IsAppealable)
        {
            throw RuleViolationException.Conflict("decision-changed", "The case changed since this decision: there is nothing to contest any more.");
        }
        AppealedOutcome = Outcome;
        AppealText = text;
        AppealedAt = now;
        FormerDeciders.Add(DecidedBy!.Value);
        UnderAppeal = true;
        Reopen(now);
    }

    /// <summary>A moderator takes the case; nobody takes a case they are party to, or one a colleague holds.</summary>
    public void Assign(Guid moderatorId)
    {
        EnsureActionable(moderatorId);
        AssignedTo = moderatorId;
    }

    /// <summary>The moderator who holds the case gives it back to the queue.</summary>
    public void Release(Guid moderatorId)
    {
        EnsureActionable(moderatorId);
        if (AssignedTo != moderatorId)
        {
            throw new RuleViolationException(StatusCodes.Status409Conflict, "case-not-yours", "You do not hold this case.");
        }
        AssignedTo = null;
    }

    /// <summary>
    /// A dispute can only be settled (its credits are frozen until then), and only a dispute can be: dismissing one would
    /// leave two people's credits frozen for good.
    /// </summary>
    public void Decide(Guid moderatorId, CaseOutcome outcome, string reason, DateTimeOffset now)
    {
        EnsureActionable(moderatorId);
        if ((Kind == CaseKind.Dispute) != (outcome == CaseOutcome.Settled))
        {
            throw RuleViolationException.Conflict("outcome-not-for-case", Kind == CaseKind.Dispute
                ? "A dispute is settled (outcome settle): the credits stay frozen until then."
                : "Only a dispute is settled.");
        }
        AssignedTo = moderatorId;
        UnderAppeal = false;
        Status = CaseStatus.Decided;
        Outcome = outcome;
        DecisionReason = reason;
        DecidedBy = moderatorId;
        DecidedAt = now;
    }

    /// <summary>
    /// The person erased their account: their id and their words leave the case (the text reported of them, their
    /// appeal, their messages or reply in its context; their reports are emptied by the erasure itself). The decision, the moderator's reason and the others'
    /// reports stay; a case they held goes back to the queue.
    /// </summary>
    public void Forget(Guid userId)
    {
        PartyIds.Remove(userId);
        FormerDeciders.Remove(userId);
        Context?.Forget(userId);
        if (AssignedTo == userId)
        {
            AssignedTo = null;
        }
        if (ReportedUserId == userId)
        {
            ReportedUserId = null;
            ReportedText = null;
            AppealText = AppealText is null ? null : "";
        }
    }

    /// <summary>A new report or an appeal: the case waits in the queue for a new decision.</summary>
    private void Reopen(DateTimeOffset waitingSince)
    {
        if (Status != CaseStatus.Decided)
        {
            return;
        }
        Status = CaseStatus.Open;
        WaitingSince = waitingSince;
        AssignedTo = null;
        Outcome = null;
        DecisionReason = null;
        DecidedBy = null;
        DecidedAt = null;
    }

    private void EnsureActionable(Guid moderatorId)
    {
        if (IsPartyTo(moderatorId))
        {
            throw new RuleViolationException(StatusCodes.Status403Forbidden, "party-to-case",
                "You reported this or it is about you: another moderator handles it.");
        }
        if (FormerDeciders.Contains(moderatorId))
        {
            throw new RuleViolationException(StatusCodes.Status403Forbidden, "decided-before",
                "You decided this case before it was contested: another moderator handles the appeal.");
        }
        if (Status == CaseStatus.Decided)
        {
            throw RuleViolationException.Conflict("case-decided", "This case is decided; a new report or an appeal opens it again.");
        }
        if (AssignedTo is { } holder && holder != moderatorId)
        {
            throw RuleViolationException.Conflict("case-assigned", "Another moderator holds this case.");
        }
    }
}

/// <summary>One person's report of a case's subject, in their own words.</summary>
public sealed record CaseReport(Guid Id, Guid CaseId, Guid ReporterId, string Reason, DateTimeOffset ReportedAt);
