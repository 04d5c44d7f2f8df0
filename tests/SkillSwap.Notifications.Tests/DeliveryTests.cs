using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using SkillSwap.IntegrationEvents;
using SkillSwap.Notifications.Composing;
using SkillSwap.Notifications.Delivery;
using SkillSwap.Notifications.Devices;
using SkillSwap.Notifications.Digests;
using SkillSwap.Testing;

namespace SkillSwap.Notifications.Tests;

/// <summary>Email through a real SMTP server and device pushes through a recording Expo endpoint.</summary>
[Collection(NotificationsCollection.Name)]
public sealed class DeliveryTests(NotificationsApp app)
{
    private static readonly TimeZoneInfo Tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");

    [Fact]
    public async Task A_review_is_emailed_in_each_persons_language_as_text_and_escaped_html()
    {
        var french = await app.RegisterAsync("Zoé", "fr-CA");
        var english = await app.RegisterAsync("Sam", "en-US");
        var author = await app.RegisterAsync("<b>Max</b>", "en");
        await app.PublishAsync(new ReviewRevealed(Guid.CreateVersion7(), Guid.CreateVersion7(), author, french, 5, "Piano"));
        await app.PublishAsync(new ReviewRevealed(Guid.CreateVersion7(), Guid.CreateVersion7(), author, english, 4, "Piano"));

        var toFrench = await WaitForEmailAsync(AddressOf(french));
        Assert.Equal("Vous avez reçu un avis", toFrench.Subject);
        Assert.Contains("Bonjour Zoé,", toFrench.TextBody, StringComparison.Ordinal);
        Assert.Contains("<b>Max</b> a donné son avis sur votre séance de Piano.", toFrench.TextBody, StringComparison.Ordinal);
        Assert.Contains("Réglages → Notifications", toFrench.TextBody, StringComparison.Ordinal);
        Assert.Contains("&lt;b&gt;Max&lt;/b&gt; a donné son avis", toFrench.HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>Max</b>", toFrench.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("lang=\"fr\"", toFrench.HtmlBody, StringComparison.Ordinal);
        Assert.Equal("fr", toFrench.Body!.Headers[HeaderId.ContentLanguage]); // MimeKit files Content-* headers under the body

        var toEnglish = await WaitForEmailAsync(AddressOf(english));
        Assert.Equal("You received a review", toEnglish.Subject);
        Assert.Contains("Hi Sam,", toEnglish.TextBody, StringComparison.Ordinal);
        Assert.Contains("https://skillswap.app/sessions/", toEnglish.TextBody, StringComparison.Ordinal);
        Assert.Equal("SkillSwap", toEnglish.From.Mailboxes.Single().Name);
    }

    [Fact]
    public async Task Account_emails_carry_their_link_in_the_language_of_sign_up_whatever_the_switches()
    {
        var user = await app.RegisterAsync("Inès", "fr");
        using var http = app.ClientFor(user);
        await http.PutAsJsonAsync("/api/v1/notifications/preferences",
            new { categories = Enum.GetNames<Preferences.NotificationCategory>().ToDictionary(name => name, _ => new Dictionary<string, bool> { ["email"] = false }) });
        var expires = new DateTimeOffset(2026, 12, 1, 9, 30, 0, TimeSpan.Zero);
        await app.PublishAsync(new EmailVerificationRequested(user, AddressOf(user), "tok/en+1", expires, "fr-FR"));
        var verification = await WaitForEmailAsync(AddressOf(user));
        Assert.Equal("Confirmez votre adresse e-mail", verification.Subject);
        Assert.Contains("https://skillswap.app/verify-email?token=tok%2Fen%2B1", verification.TextBody, StringComparison.Ordinal);
        Assert.Contains("valable jusqu'au mardi 1 décembre à 09:30", verification.TextBody, StringComparison.Ordinal);

        await app.PublishAsync(new PasswordResetRequested(user, "new-address@skillswap.test", "reset-token", expires, "en"));
        var reset = await WaitForEmailAsync("new-address@skillswap.test");
        Assert.Equal("Reset your password", reset.Subject);
        Assert.Contains("https://skillswap.app/reset-password?token=reset-token", reset.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_sanctioned_person_is_told_by_email_in_their_language_why_and_until_when_and_again_when_it_ends()
    {
        var user = await app.RegisterAsync("Hugo", "fr");
        var until = new DateTimeOffset(2026, 12, 8, 8, 30, 0, TimeSpan.Zero);
        var sanction = new AccountSanctioned(Guid.CreateVersion7(), user, AccountSanctioned.Suspension, until, "Insultes répétées <b>en chat</b>")
        {
            AppealToken = "appeal-token_1",
        };

        await app.PublishAsync(sanction);

        var suspended = await WaitForEmailAsync(AddressOf(user));
        Assert.Equal("Votre compte SkillSwap est suspendu", suspended.Subject);
        // A suspended person cannot sign in: the email's one link is the door to contest the decision.
        Assert.Contains("vous pouvez la contester une fois, dans les 30 jours", suspended.TextBody, StringComparison.Ordinal);
        Assert.Contains("Contester la décision : https://skillswap.app/appeal?token=appeal-token_1", suspended.TextBody, StringComparison.Ordinal);
        Assert.Contains("jusqu'au mardi 8 décembre à 08:30", suspended.TextBody, StringComparison.Ordinal);
        Assert.Contains("« Insultes répétées <b>en chat</b> »", suspended.TextBody, StringComparison.Ordinal);
        Assert.Contains("Insultes répétées &lt;b&gt;en chat&lt;/b&gt;", suspended.HtmlBody, StringComparison.Ordinal);

        await app.PublishAsync(new AccountSanctionLifted(sanction.SanctionId, user, AccountSanctionLifted.Lifted));
        await Eventually.WaitUntilAsync(async () =>
        {
            await app.RunNowAsync<DeliveryDispatcher>();
            return app.Mail.ReceivedBy(AddressOf(user)).Count == 2;
        }, TimeSpan.FromSeconds(20), "the second email");
        Assert.Equal(["Votre compte SkillSwap est de nouveau ouvert", "Votre compte SkillSwap est suspendu"],
            app.Mail.ReceivedBy(AddressOf(user)).Select(email => email.Subject).Order());
    }

    [Fact]
    public async Task A_sanction_that_arrives_after_its_lift_sends_no_email_saying_the_account_is_suspended()
    {
        var user = await app.RegisterAsync("Léna", "fr");
        var sanction = new AccountSanctioned(Guid.CreateVersion7(), user, AccountSanctioned.Suspension, DateTimeOffset.UtcNow.AddDays(7), "Spam");
        var lift = new AccountSanctionLifted(sanction.SanctionId, user, AccountSanctionLifted.Lifted);

        // A retry delivered the lift first.
        await app.PublishAsync(lift);
        await app.WaitUntilHandledAsync(lift);
        Assert.Equal("Votre compte SkillSwap est de nouveau ouvert", (await WaitForEmailAsync(AddressOf(user))).Subject);
        await app.PublishAsync(sanction);
        await app.WaitUntilHandledAsync(sanction);

        // What the person is sent is written with the handling of each event: the lift's email and nothing else.
        var deliveries = (await app.DocumentsAsync<DeliveryDocument>()).Where(delivery => delivery.UserId == user);
        Assert.Equal([EmailTemplates.SanctionLifted], deliveries.Select(delivery => delivery.Type));
    }

    [Fact]
    public async Task The_late_lift_of_a_sanction_a_newer_one_replaced_sends_no_email_saying_the_account_is_open()
    {
        var user = await app.RegisterAsync("Marius", "fr");
        var now = DateTimeOffset.UtcNow;
        var older = new AccountSanctioned(Guid.CreateVersion7(now.AddMinutes(-1)), user, AccountSanctioned.Suspension, now.AddDays(7), "Spam");
        var ban = new AccountSanctioned(Guid.CreateVersion7(now), user, AccountSanctioned.Ban, null, "Spam again");
        var olderLifted = new AccountSanctionLifted(older.SanctionId, user, AccountSanctionLifted.Lifted);

        // The ban arrived before the lift of the suspension it replaced.
        await app.PublishAsync(ban);
        await app.WaitUntilHandledAsync(ban);
        await app.PublishAsync(olderLifted);
        await app.WaitUntilHandledAsync(olderLifted);
        await app.PublishAsync(older);
        await app.WaitUntilHandledAsync(older);

        var deliveries = (await app.DocumentsAsync<DeliveryDocument>()).Where(delivery => delivery.UserId == user);
        Assert.Equal([EmailTemplates.Banned], deliveries.Select(delivery => delivery.Type));
    }

    [Fact]
    public async Task A_warned_person_reads_the_moderators_reason_in_their_language()
    {
        var user = await app.RegisterAsync("Wendy", "en");

        await app.PublishAsync(new MemberWarned(Guid.CreateVersion7(), user, "Please keep it polite"));

        var warning = await WaitForEmailAsync(AddressOf(user));
        Assert.Equal("A warning from SkillSwap's moderators", warning.Subject);
        Assert.Contains("Their reason: \"Please keep it polite\". This is a warning: your account stays open", warning.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_person_whose_appeal_was_accepted_is_told_the_decision_is_withdrawn_in_their_language()
    {
        var user = await app.RegisterAsync("Inès", "fr");

        await app.PublishAsync(new DecisionWithdrawn(Guid.CreateVersion7(), user, "Des crédits, pas de l'argent : autorisé"));

        var withdrawn = await WaitForEmailAsync(AddressOf(user));
        Assert.Equal("Votre contestation a été acceptée", withdrawn.Subject);
        Assert.Contains("l'a retirée : elle ne compte plus dans votre dossier. Son motif : « Des crédits, pas de l'argent : autorisé ».", withdrawn.TextBody, StringComparison.Ordinal);
        Assert.Contains("Bonjour Inès,", withdrawn.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("appeal?token", withdrawn.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_author_whose_review_moderators_removed_is_told_what_and_why_in_their_language()
    {
        var user = await app.RegisterAsync("Rémi", "fr");

        await app.PublishAsync(new ContentRemoved(Guid.CreateVersion7(), ContentRemoved.Review, Guid.CreateVersion7().ToString(), user, "Propos diffamatoires"));

        var removal = await WaitForEmailAsync(AddressOf(user));
        Assert.Equal("L'équipe de modération de SkillSwap a retiré un de vos écrits", removal.Subject);
        Assert.Contains("Un de vos écrits sur SkillSwap (un avis) a été signalé", removal.TextBody, StringComparison.Ordinal);
        Assert.Contains("Son motif : « Propos diffamatoires ». Les autres membres voient désormais", removal.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Emails_turned_off_for_a_category_are_not_sent_while_other_categories_are()
    {
        var user = await app.RegisterAsync("Omar", "en");
        using var http = app.ClientFor(user);
        (await http.PutAsJsonAsync("/api/v1/notifications/preferences",
            new { categories = new Dictionary<string, Dictionary<string, bool>> { ["reviews"] = new() { ["email"] = false } } })).EnsureSuccessStatusCode();
        var review = new ReviewRevealed(Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7(), user, 5, "Chess");
        await app.PublishAsync(review);
        await app.PublishAsync(new SessionDeclined(Guid.CreateVersion7(), Guid.CreateVersion7(), user, "Chess"));

        var declined = await WaitForEmailAsync(AddressOf(user));
        Assert.Equal("Session declined", declined.Subject);
        await app.WaitUntilHandledAsync(review);
        await app.WaitForInboxAsync(user, 2); // the review is still in the app
        await app.RunNowAsync<DeliveryDispatcher>();
        Assert.Equal(["Session declined"], app.Mail.ReceivedBy(AddressOf(user)).Select(email => email.Subject));
        Assert.DoesNotContain(await app.DocumentsAsync<DeliveryDocument>(), delivery => delivery.UserId == user && delivery.Type == "review.received" && delivery.Channel == DeliveryChannel.Email);
    }

    [Fact]
    public async Task Settled_deliveries_are_deleted_once_their_retention_is_over_and_pending_ones_are_kept()
    {
        var user = await app.RegisterAsync("Ilse", "en");
        await app.PublishAsync(new SessionDeclined(Guid.CreateVersion7(), Guid.CreateVersion7(), user, "Chess"));
        await WaitForEmailAsync(AddressOf(user));
        await Eventually.WaitUntilAsync(
            async () => (await app.DocumentsAsync<DeliveryDocument>()).Any(delivery => delivery.UserId == user && delivery.State == DeliveryState.Sent),
            TimeSpan.FromSeconds(20), "the email recorded as sent");
        // Still waiting for its time (as a push held by quiet hours or a retry would): never deleted.
        var waiting = new DeliveryDocument
        {
            Id = $"retention-{Guid.NewGuid():N}",
            UserId = user,
            Channel = DeliveryChannel.Push,
            Type = "session.declined",
            CreatedAt = app.Clock.GetUtcNow(),
            DueAt = app.Clock.GetUtcNow().AddDays(60),
        };
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SkillSwap.DocumentStore.IDocumentSession>();
            db.Insert(waiting);
            await db.SaveChangesAsync();
        }

        async Task<IReadOnlyList<DeliveryState>> RemainingAfterSweepAsync(TimeSpan later)
        {
            app.Clock.Advance(later);
            await app.RunNowAsync<DeliveryRetentionSweep>();
            return [.. (await app.DocumentsAsync<DeliveryDocument>()).Where(delivery => delivery.UserId == user).Select(delivery => delivery.State).Order()];
        }

        Assert.Equal([DeliveryState.Pending, DeliveryState.Sent], await RemainingAfterSweepAsync(TimeSpan.FromDays(29)));
        Assert.Equal([DeliveryState.Pending], await RemainingAfterSweepAsync(TimeSpan.FromDays(2)));

        // The clock only moves forward and the app is shared: the stand-in must not come due in a later test.
        await using var cleanup = app.Services.CreateAsyncScope();
        var session = cleanup.ServiceProvider.GetRequiredService<SkillSwap.DocumentStore.IDocumentSession>();
        session.Delete<DeliveryDocument>(waiting.Id);
        await session.SaveChangesAsync();
    }

    [Fact]
    public async Task Phones_stop_receiving_with_the_sign_in_that_registered_them_and_all_of_them_at_a_password_reset()
    {
        var user = await app.RegisterAsync("Nora", "en");
        var (phoneSignIn, tabletSignIn, laptopSignIn) = (Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7());
        var (phone, tablet) = (NewToken(), NewToken());
        using (var http = app.ClientFor(user, phoneSignIn))
        {
            (await http.PutAsJsonAsync("/api/v1/notifications/devices", new { token = phone, platform = "ios" })).EnsureSuccessStatusCode();
        }
        using (var http = app.ClientFor(user, tabletSignIn))
        {
            (await http.PutAsJsonAsync("/api/v1/notifications/devices", new { token = tablet, platform = "android" })).EnsureSuccessStatusCode();
        }
        using var owner = app.ClientFor(user);

        // The phone was stolen and its owner signed it out from elsewhere: that sign-in's phone no longer receives.
        var logout = new SignInsEnded(user, [phoneSignIn, laptopSignIn], DateTimeOffset.UtcNow, SignInsEnded.Logout);
        await app.PublishAsync(logout);
        await app.WaitUntilHandledAsync(logout);
        Assert.Equal([tablet], (await DevicesAsync(owner)).Select(device => device.Token));

        var reset = new SignInsEnded(user, [tabletSignIn], DateTimeOffset.UtcNow, SignInsEnded.PasswordReset);
        await app.PublishAsync(reset);
        await app.WaitUntilHandledAsync(reset);
        Assert.Empty(await DevicesAsync(owner));
    }

    [Fact]
    public async Task Pushes_reach_every_registered_phone_and_tokens_expo_no_longer_knows_are_pruned()
    {
        var user = await app.RegisterAsync("Lina", "en");
        var phone = NewToken();
        var tablet = NewToken();
        using var http = app.ClientFor(user);
        Assert.Equal(HttpStatusCode.OK, (await http.PutAsJsonAsync("/api/v1/notifications/devices", new { token = phone, platform = "ios" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.PutAsJsonAsync("/api/v1/notifications/devices", new { token = tablet, platform = "android" })).StatusCode);

        await app.PublishAsync(new ReviewRevealed(Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7(), user, 5, "Chess"));
        var pushed = await WaitForPushAsync(phone, 1);
        Assert.Equal(("You received a review", "A member reviewed your Chess session."), (pushed[0].Title, pushed[0].Body));
        Assert.Equal("review.received", pushed[0].Data["type"]);
        await WaitForPushAsync(tablet, 1);

        app.Push.Uninstall(tablet);
        await app.PublishAsync(new SessionDeclined(Guid.CreateVersion7(), Guid.CreateVersion7(), user, "Chess"));
        await WaitForPushAsync(phone, 2);
        await Eventually.WaitUntilAsync(async () => (await DevicesAsync(http)).Count == 1, TimeSpan.FromSeconds(20), "the uninstalled tablet pruned");
        Assert.Equal(phone, Assert.Single(await DevicesAsync(http)).Token);

        // Another account cannot remove this phone; signing in on it moves it to the new account.
        var other = await app.RegisterAsync("Noor", "en");
        using var otherHttp = app.ClientFor(other);
        await (await otherHttp.PostAsJsonAsync("/api/v1/notifications/devices/unregister", new { token = phone })).AssertProblemAsync(HttpStatusCode.NotFound, "device-not-found");
        Assert.Single(await DevicesAsync(http));
        (await otherHttp.PutAsJsonAsync("/api/v1/notifications/devices", new { token = phone, platform = "ios" })).EnsureSuccessStatusCode();
        Assert.Empty(await DevicesAsync(http));
        Assert.Equal(HttpStatusCode.NoContent, (await otherHttp.PostAsJsonAsync("/api/v1/notifications/devices/unregister", new { token = phone })).StatusCode);
        Assert.Empty(await DevicesAsync(otherHttp));
    }

    [Fact]
    public async Task Receipts_checked_fifteen_minutes_later_forget_phones_whose_app_was_uninstalled()
    {
        var user = await app.RegisterAsync("Mira", "en");
        var phone = NewToken();
        var tablet = NewToken();
        using var http = app.ClientFor(user);
        (await http.PutAsJsonAsync("/api/v1/notifications/devices", new { token = phone, platform = "ios" })).EnsureSuccessStatusCode();
        (await http.PutAsJsonAsync("/api/v1/notifications/devices", new { token = tablet, platform = "android" })).EnsureSuccessStatusCode();
        app.Push.UninstallUnnoticed(tablet);

        await app.PublishAsync(new SessionDeclined(Guid.CreateVersion7(), Guid.CreateVersion7(), user, "Go"));
        await WaitForPushAsync(phone, 1);
        await WaitForPushAsync(tablet, 1);
        await WaitForReceiptsAsync(user, 2);

        await app.RunNowAsync<PushReceiptChecker>();
        Assert.Equal(2, (await DevicesAsync(http)).Count); // not asked yet: receipts take minutes

        app.Push.ReceiptsReady = false;
        try
        {
            app.Clock.Advance(TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(1));
            await app.RunNowAsync<PushReceiptChecker>();
            Assert.Equal(2, (await DevicesAsync(http)).Count);
            await WaitForReceiptsAsync(user, 2); // not ready: asked again later
        }
        finally
        {
            app.Push.ReceiptsReady = true;
        }

        app.Clock.Advance(TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(1));
        await app.RunNowAsync<PushReceiptChecker>();
        Assert.Equal(phone, Assert.Single(await DevicesAsync(http)).Token);
        await WaitForReceiptsAsync(user, 0);
    }

    [Fact]
    public async Task A_phone_signed_in_again_after_a_push_keeps_receiving_whatever_that_pushs_receipt_says()
    {
        var first = await app.RegisterAsync("Pia", "en");
        var next = await app.RegisterAsync("Noa", "en");
        var phone = NewToken();
        using var firstHttp = app.ClientFor(first);
        using var nextHttp = app.ClientFor(next);
        (await firstHttp.PutAsJsonAsync("/api/v1/notifications/devices", new { token = phone, platform = "ios" })).EnsureSuccessStatusCode();
        app.Push.UninstallUnnoticed(phone);
        await app.PublishAsync(new SessionDeclined(Guid.CreateVersion7(), Guid.CreateVersion7(), first, "Go"));
        await WaitForPushAsync(phone, 1);
        await WaitForReceiptsAsync(first, 1);

        // Reinstalled with the same token and signed in to another account before the receipt was checked.
        app.Clock.Advance(TimeSpan.FromSeconds(1));
        (await nextHttp.PutAsJsonAsync("/api/v1/notifications/devices", new { token = phone, platform = "ios" })).EnsureSuccessStatusCode();
        app.Clock.Advance(TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(1));
        await app.RunNowAsync<PushReceiptChecker>();

        await WaitForReceiptsAsync(first, 0);
        Assert.Equal(phone, Assert.Single(await DevicesAsync(nextHttp)).Token);
    }

    [Fact]
    public async Task An_older_profile_edit_arriving_after_a_newer_one_leaves_the_newer_clock_and_name()
    {
        var user = await app.RegisterAsync("Yui", "en");
        var newer = new ProfileUpdated(user, "Yui T.", [], "Asia/Tokyo", "public") { ProfileVersion = 3 };
        var older = new ProfileUpdated(user, "Yui", [], "Europe/Paris", "public") { ProfileVersion = 2 };

        await app.PublishAsync(newer);
        await app.WaitUntilHandledAsync(newer);
        await app.PublishAsync(older);
        await app.WaitUntilHandledAsync(older);

        var recipient = Assert.Single(await app.DocumentsAsync<Recipients.RecipientDocument>(), r => r.UserId == user);
        Assert.Equal(("Yui T.", "Asia/Tokyo", 3L), (recipient.DisplayName, recipient.TimeZone, recipient.ProfileVersion));
    }

    [Fact]
    public async Task Quiet_hours_on_the_persons_clock_hold_pushes_until_they_end_but_not_emails()
    {
        var (user, phone) = await SomeoneInTokyoWithAPhoneAsync("Kenji");
        using var http = app.ClientFor(user);
        var localNow = TimeZoneInfo.ConvertTime(app.Clock.GetUtcNow(), Tokyo);
        var window = new { from = localNow.AddHours(-1).ToString("HH:mm"), to = localNow.AddHours(2).ToString("HH:mm") };
        var set = await http.PutAsJsonAsync("/api/v1/notifications/preferences/quiet-hours", window);
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        Assert.Equal(window.to, (await set.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("quietHours").GetProperty("to").GetString());

        await app.PublishAsync(new ReviewRevealed(Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7(), user, 5, "Go"));
        await WaitForEmailAsync(AddressOf(user)); // emails make no sound: not held
        await app.RunNowAsync<DeliveryDispatcher>();
        Assert.Empty(app.Push.ReceivedBy(phone));
        var held = Assert.Single(await app.DocumentsAsync<DeliveryDocument>(), d => d.UserId == user && d.Channel == DeliveryChannel.Push);
        Assert.Equal(DeliveryState.Pending, held.State);
        var windowEnd = TimeOnly.Parse(window.to, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(windowEnd, TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(held.DueAt, Tokyo).DateTime));

        // A chat digest due inside the window keeps gathering until it ends: one push in the morning, not one per period.
        var missed = new ChatMessagesWhileOffline(user, "d-quiet", [Guid.CreateVersion7()], 3, 3, app.Clock.GetUtcNow());
        await app.PublishAsync(missed);
        await app.WaitUntilHandledAsync(missed);
        app.Clock.Advance(TimeSpan.FromMinutes(2) + TimeSpan.FromSeconds(1));
        await app.RunNowAsync<MessageDigestFlusher>();
        await app.RunNowAsync<DeliveryDispatcher>();
        Assert.Empty(app.Push.ReceivedBy(phone));
        Assert.Equal(held.DueAt, Assert.Single(await app.DocumentsAsync<MessageDigestDocument>(), d => d.UserId == user).DueAt);

        app.Clock.Advance(TimeSpan.FromHours(2));
        await app.RunNowAsync<MessageDigestFlusher>();
        await app.RunNowAsync<DeliveryDispatcher>(); // the digest became a push, sent now
        var morning = await WaitForPushAsync(phone, 2);
        Assert.Equal(["3 new messages from your contacts.", "A member reviewed your Go session."], morning.Select(push => push.Body).Order());
        (await http.DeleteAsync("/api/v1/notifications/preferences/quiet-hours")).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task A_push_retried_after_a_failure_waits_for_the_end_of_the_quiet_hours_it_would_ring_in()
    {
        var (user, phone) = await SomeoneInTokyoWithAPhoneAsync("Aiko");
        using var http = app.ClientFor(user);
        // Quiet hours begin two to three minutes from now ("HH:mm" drops the seconds): the first try is sent before them.
        var start = TimeZoneInfo.ConvertTime(app.Clock.GetUtcNow(), Tokyo).AddMinutes(3);
        var window = new { from = start.ToString("HH:mm"), to = start.AddHours(1).ToString("HH:mm") };
        var startLocal = new DateTime(start.Year, start.Month, start.Day, start.Hour, start.Minute, 0);
        var startUtc = new DateTimeOffset(startLocal, Tokyo.GetUtcOffset(startLocal)).ToUniversalTime();
        (await http.PutAsJsonAsync("/api/v1/notifications/preferences/quiet-hours", window)).EnsureSuccessStatusCode();
        // Expo refuses that try ten seconds before the quiet hours: only its retry, 30 s later, would ring inside them.
        app.Push.FailNext(phone, () => app.Clock.AdvanceTo(startUtc - TimeSpan.FromSeconds(10)));

        await app.PublishAsync(new SessionDeclined(Guid.CreateVersion7(), Guid.CreateVersion7(), user, "Go"));
        await Eventually.WaitUntilAsync(
            async () => (await app.DocumentsAsync<DeliveryDocument>()).Any(d => d.UserId == user && d.Channel == DeliveryChannel.Push && d.LastError != null),
            TimeSpan.FromSeconds(20), "the first try refused and rescheduled");
        app.Clock.Advance(TimeSpan.FromSeconds(31));
        await app.RunNowAsync<DeliveryDispatcher>();

        var retry = Assert.Single(await app.DocumentsAsync<DeliveryDocument>(), d => d.UserId == user && d.Channel == DeliveryChannel.Push);
        Assert.Equal(DeliveryState.Pending, retry.State);
        Assert.Equal(TimeOnly.Parse(window.to, System.Globalization.CultureInfo.InvariantCulture), TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(retry.DueAt, Tokyo).DateTime));
        Assert.Single(app.Push.ReceivedBy(phone));

        app.Clock.AdvanceTo(retry.DueAt);
        await app.RunNowAsync<DeliveryDispatcher>();
        Assert.Equal("Session declined", (await WaitForPushAsync(phone, 2))[1].Title);
        (await http.DeleteAsync("/api/v1/notifications/preferences/quiet-hours")).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task A_burst_of_chat_messages_while_offline_becomes_one_digest_push_in_the_persons_language()
    {
        var reader = await app.RegisterAsync("Élise", "fr");
        var ana = await app.RegisterAsync("Ana", "en");
        var louis = await app.RegisterAsync("Louis", "fr");
        using var http = app.ClientFor(reader);
        var phone = NewToken();
        (await http.PutAsJsonAsync("/api/v1/notifications/devices", new { token = phone, platform = "android" })).EnsureSuccessStatusCode();
        // Chat reports at most once a second per conversation and recipient: three reports for five messages.
        var sentAt = app.Clock.GetUtcNow();
        List<ChatMessagesWhileOffline> burst =
        [
            new(reader, "d-conversation", [ana], 2, 2, sentAt),
            new(reader, "d-conversation", [louis, ana], 2, 4, sentAt),
            new(reader, "d-conversation", [ana], 1, 5, sentAt),
        ];
        foreach (var message in burst)
        {
            await app.PublishAsync(message);
        }
        foreach (var message in burst)
        {
            await app.WaitUntilHandledAsync(message);
        }
        var digest = Assert.Single(await app.DocumentsAsync<MessageDigestDocument>(), d => d.UserId == reader);
        Assert.Equal(5, digest.Count);
        await app.RunNowAsync<MessageDigestFlusher>();
        await app.RunNowAsync<DeliveryDispatcher>();
        Assert.Empty(app.Push.ReceivedBy(phone)); // still gathering

        app.Clock.Advance(TimeSpan.FromMinutes(2) + TimeSpan.FromSeconds(1));
        await app.RunNowAsync<MessageDigestFlusher>();
        await app.RunNowAsync<DeliveryDispatcher>();
        var push = Assert.Single(await WaitForPushAsync(phone, 1));
        Assert.Equal(("Nouveaux messages", "5 nouveaux messages de Ana et Louis."), (push.Title, push.Body));
        Assert.Equal("d-conversation", push.Data["conversationId"]);
        var emptied = Assert.Single(await app.DocumentsAsync<MessageDigestDocument>(), d => d.UserId == reader);
        Assert.Equal((0, null, 1), (emptied.Count, emptied.DueAt, emptied.Round));

        // A later message starts a new digest rather than a push of its own.
        var later = new ChatMessagesWhileOffline(reader, "d-conversation", [ana], 1, 6, app.Clock.GetUtcNow());
        await app.PublishAsync(later);
        await app.WaitUntilHandledAsync(later);
        await app.RunNowAsync<MessageDigestFlusher>();
        await app.RunNowAsync<DeliveryDispatcher>();
        Assert.Single(app.Push.ReceivedBy(phone));
        Assert.Equal(1, Assert.Single(await app.DocumentsAsync<MessageDigestDocument>(), d => d.UserId == reader).Count);
    }

    [Fact]
    public async Task Bad_devices_and_quiet_hours_are_refused_and_change_nothing()
    {
        var user = await app.RegisterAsync("Vera", "en");
        using var http = app.ClientFor(user);
        foreach (var device in new object[]
        {
            new { token = "not-a-token", platform = "ios" }, new { token = NewToken(), platform = "windows-phone" },
            new { token = "ExponentPushToken[short]", platform = "ios" }, new { token = (string?)null, platform = "ios" },
        })
        {
            await (await http.PutAsJsonAsync("/api/v1/notifications/devices", device)).AssertProblemAsync(HttpStatusCode.BadRequest, "validation");
        }
        Assert.Empty(await DevicesAsync(http));
        foreach (var window in new object[] { new { from = "25:00", to = "07:00" }, new { from = "22:00", to = "22:00" }, new { from = "10pm", to = "7am" }, new { from = "22:00" } })
        {
            await (await http.PutAsJsonAsync("/api/v1/notifications/preferences/quiet-hours", window)).AssertProblemAsync(HttpStatusCode.BadRequest, "validation");
        }
        var preferences = await http.GetFromJsonAsync<JsonElement>("/api/v1/notifications/preferences");
        Assert.Equal(JsonValueKind.Null, preferences.GetProperty("quietHours").ValueKind);
        using var anonymous = app.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PutAsJsonAsync("/api/v1/notifications/devices", new { token = NewToken(), platform = "ios" })).StatusCode);
    }

    /// <summary>
    /// Issue 18: a mail server's refusals, through the local server's provider-like addresses (eng/native/smtp_mailbox.py):
    /// an address that does not exist fails at once; one temporarily unavailable is retried later and later, then fails.
    /// </summary>
    [Fact]
    public async Task An_address_refused_for_good_fails_at_once_and_one_refused_for_now_is_retried_until_the_last_attempt()
    {
        var user = await app.RegisterAsync("Rita", "en");
        var expires = app.Clock.GetUtcNow().AddHours(1);
        var toMissing = new PasswordResetRequested(user, $"refused.{Guid.NewGuid():N}@skillswap.test", "reset-1", expires, "en");
        var toBusy = new PasswordResetRequested(user, $"unavailable.{Guid.NewGuid():N}@skillswap.test", "reset-2", expires, "en");
        await app.PublishAsync(toMissing);
        await app.PublishAsync(toBusy);

        var failed = await WaitForDeliveryAsync(toMissing, user, delivery => delivery.State == DeliveryState.Failed, "the refused email failed");
        Assert.Equal(1, failed.Attempts);
        Assert.Contains("does not exist", failed.LastError, StringComparison.Ordinal);

        var retried = await WaitForDeliveryAsync(toBusy, user, delivery => delivery.Attempts == 1 && delivery.LastError is not null, "the busy address retried");
        Assert.Equal(DeliveryState.Pending, retried.State);
        Assert.Contains("temporarily unavailable", retried.LastError, StringComparison.Ordinal);
        Assert.InRange(retried.DueAt - app.Clock.GetUtcNow(), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));
        var maxAttempts = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<NotificationsOptions>>().Value.MaxAttempts;
        for (var attempt = 2; attempt <= maxAttempts; attempt++)
        {
            app.Clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));
            await app.RunNowAsync<DeliveryDispatcher>();
            await WaitForDeliveryAsync(toBusy, user, delivery => delivery.Attempts >= attempt, $"attempt {attempt} of the busy address");
        }
        var gaveUp = await WaitForDeliveryAsync(toBusy, user, delivery => delivery.State == DeliveryState.Failed, "the busy address given up");
        Assert.Equal(maxAttempts, gaveUp.Attempts);
        Assert.Empty(app.Mail.ReceivedBy(toMissing.Email));
        Assert.Empty(app.Mail.ReceivedBy(toBusy.Email));
    }

    /// <summary>Issue 18: a push held by quiet hours is dropped when the phone is gone by the time they end.</summary>
    [Fact]
    public async Task A_push_held_by_quiet_hours_is_dropped_when_no_phone_is_left_to_ring()
    {
        var (user, phone) = await SomeoneInTokyoWithAPhoneAsync("Yuki");
        using var http = app.ClientFor(user);
        var localNow = TimeZoneInfo.ConvertTime(app.Clock.GetUtcNow(), Tokyo);
        (await http.PutAsJsonAsync("/api/v1/notifications/preferences/quiet-hours",
            new { from = localNow.AddHours(-1).ToString("HH:mm"), to = localNow.AddHours(1).ToString("HH:mm") })).EnsureSuccessStatusCode();
        var revealed = new ReviewRevealed(Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7(), user, 4, "Shogi");
        await app.PublishAsync(revealed);
        await WaitForDeliveryAsync(revealed, user, delivery => delivery.State == DeliveryState.Pending, "the push held", DeliveryChannel.Push);
        Assert.Equal(HttpStatusCode.NoContent, (await http.PostAsJsonAsync("/api/v1/notifications/devices/unregister", new { token = phone })).StatusCode);

        app.Clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromMinutes(1));
        await app.RunNowAsync<DeliveryDispatcher>();

        var dropped = await WaitForDeliveryAsync(revealed, user, delivery => delivery.State == DeliveryState.Dropped, "the push dropped", DeliveryChannel.Push);
        Assert.Equal("No device registered.", dropped.LastError);
        Assert.Empty(app.Push.ReceivedBy(phone));
    }

    private async Task<DeliveryDocument> WaitForDeliveryAsync(
        IntegrationEvent source, Guid recipient, Func<DeliveryDocument, bool> condition, string what, DeliveryChannel channel = DeliveryChannel.Email)
    {
        var id = DeliveryDocument.IdFor(source.Id, recipient, channel);
        DeliveryDocument? found = null;
        await Eventually.WaitUntilAsync(async () =>
        {
            found = (await app.DocumentsAsync<DeliveryDocument>()).SingleOrDefault(delivery => delivery.Id == id);
            return found is not null && condition(found);
        }, TimeSpan.FromSeconds(20), () => $"{what}; the delivery is {(found is null ? "not there" : $"{found.State}, {found.Attempts} attempts, {found.LastError}")}");
        return found!;
    }

    private static string AddressOf(Guid userId) => $"{userId:N}@skillswap.test";

    private static string NewToken() => $"ExponentPushToken[{Guid.NewGuid():N}]";

    private static async Task<List<DeviceView>> DevicesAsync(HttpClient http) =>
        (await http.GetFromJsonAsync<List<DeviceView>>("/api/v1/notifications/devices", NotificationsApp.Json))!;

    private async Task<MimeMessage> WaitForEmailAsync(string address)
    {
        MimeMessage? email = null;
        await Eventually.WaitUntilAsync(() => Task.FromResult((email = app.Mail.ReceivedBy(address) is [var first, ..] ? first : null) is not null),
            TimeSpan.FromSeconds(20), $"an email to {address}");
        return email!;
    }

    /// <summary>A person whose clock is Tokyo's (known to Notifications) and who has a phone registered.</summary>
    private async Task<(Guid User, string Phone)> SomeoneInTokyoWithAPhoneAsync(string name)
    {
        var user = await app.RegisterAsync(name, "en");
        await app.PublishAsync(new ProfileUpdated(user, name, [], Tokyo.Id, "public"));
        using var http = app.ClientFor(user);
        var phone = NewToken();
        (await http.PutAsJsonAsync("/api/v1/notifications/devices", new { token = phone, platform = "ios" })).EnsureSuccessStatusCode();
        await Eventually.WaitUntilAsync(async () => (await app.DocumentsAsync<Recipients.RecipientDocument>()).Any(r => r.UserId == user && r.TimeZone == Tokyo.Id),
            TimeSpan.FromSeconds(20), $"{name}'s clock known");
        return (user, phone);
    }

    private Task WaitForReceiptsAsync(Guid userId, int count) =>
        Eventually.WaitUntilAsync(async () => (await app.DocumentsAsync<PushReceiptDocument>()).Count(receipt => receipt.UserId == userId) == count,
            TimeSpan.FromSeconds(20), $"{count} pushes to {userId} waiting for their receipt");

    private async Task<IReadOnlyList<RecordedPush>> WaitForPushAsync(string token, int count)
    {
        IReadOnlyList<RecordedPush> pushes = [];
        await Eventually.WaitUntilAsync(() => Task.FromResult((pushes = app.Push.ReceivedBy(token)).Count >= count),
            TimeSpan.FromSeconds(20), () => $"{count} pushes to {token}, got {pushes.Count}");
        return pushes;
    }
}
