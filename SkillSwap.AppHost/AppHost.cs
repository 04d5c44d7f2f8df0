using Microsoft.Extensions.Configuration;
using SkillSwap.AppHost.Infrastructure;
using SkillSwap.AppHost.Startup;

var builder = DistributedApplication.CreateBuilder(args);
builder.AddStartupReport();

var infrastructure = SkillSwapInfrastructure.Add(builder);
var eventBus = infrastructure.EventBus;
var cache = infrastructure.Cache;

var identityDb = infrastructure.AddPostgresDatabase("identitydb");
var identity = builder.AddProject<Projects.SkillSwap_Identity>("identity")
    .WithReference(identityDb).WaitFor(identityDb)
    .WithReference(eventBus).WaitFor(eventBus)
    // The account deny list it writes and the gateway and the services read (a sanctioned person's access tokens stop at once).
    .WithReference(cache).WaitFor(cache)
    .WithHttpHealthCheck("/health");
// The first admins, by address (Staff:Admins:0, :1…): an account signed up with one of them is an admin from its
// confirmation on, and gives the staff roles from there. None unless an operator names them.
foreach (var (admin, index) in (builder.Configuration.GetSection("Staff:Admins").Get<string[]>() ?? []).Select((admin, index) => (admin, index)))
{
    identity.WithEnvironment($"Roles__BootstrapAdmins__{index}", admin);
}
if (builder.ExecutionContext.IsPublishMode)
{
    // Deployed (Production), Identity encrypts its key ring with a certificate kept out of the database, from the
    // secret store; it refuses to start without it.
    identity
        .WithEnvironment("KeyRing__Certificate", builder.AddParameter("identity-key-ring-certificate", secret: true))
        .WithEnvironment("KeyRing__CertificatePassword", builder.AddParameter("identity-key-ring-certificate-password", secret: true));
}

// Profiles keeps documents in MongoDB and its search index in Elasticsearch when those run; PostgreSQL stands in
// for whichever is missing (documents as JSONB, search with tsvector + pg_trgm).
var profiles = builder.AddProject<Projects.SkillSwap_Profiles>("profiles")
    .WithReference(eventBus).WaitFor(eventBus)
    .WithAccessTokenValidation(identity, cache)
    .WithHttpHealthCheck("/health");
if (infrastructure.MongoDb is { } mongoDb)
{
    profiles.WithReference(mongoDb).WaitFor(mongoDb);
}
if (infrastructure.Search is { } search)
{
    profiles.WithReference(search).WaitFor(search);
}
if (infrastructure.MongoDb is null || infrastructure.Search is null)
{
    var profilesDb = infrastructure.AddPostgresDatabase("profilesdb");
    profiles.WithReference(profilesDb).WaitFor(profilesDb);
}
if (builder.ExecutionContext.IsRunMode)
{
    // A newcomer can search and match at once; the service never seeds in Production, whatever it is told.
    profiles.WithEnvironment("DemoData__Profiles", builder.Configuration["DemoData:Profiles"] ?? "200");
}

// Sessions keeps its documents (sessions, calendars) in MongoDB when it runs, in PostgreSQL JSONB otherwise.
var sessions = builder.AddProject<Projects.SkillSwap_Sessions>("sessions")
    .WithReference(eventBus).WaitFor(eventBus)
    .WithAccessTokenValidation(identity, cache)
    .WithHttpHealthCheck("/health");
if (infrastructure.MongoDb is { } sessionsMongo)
{
    sessions.WithReference(sessionsMongo).WaitFor(sessionsMongo);
}
else
{
    var sessionsDb = infrastructure.AddPostgresDatabase("sessionsdb");
    sessions.WithReference(sessionsDb).WaitFor(sessionsDb);
}

// Payments is the ledger: PostgreSQL only (ACID transactions across wallets and escrow).
var paymentsDb = infrastructure.AddPostgresDatabase("paymentsdb");
var payments = builder.AddProject<Projects.SkillSwap_Payments>("payments")
    .WithReference(paymentsDb).WaitFor(paymentsDb)
    .WithReference(eventBus).WaitFor(eventBus)
    .WithAccessTokenValidation(identity, cache)
    .WithHttpHealthCheck("/health");
if (builder.ExecutionContext.IsPublishMode)
{
    // The key of the welcome-grant claims' hash, from the secret store; Payments refuses to start without it.
    payments.WithEnvironment("Payments__GrantClaimKey", builder.AddParameter("payments-grant-claim-key", secret: true));
}

// Chat: two replicas co-hosting an Orleans silo and the SignalR hub; they form one cluster through Redis (the cache)
// and archive messages in MongoDB (w:1) when it runs, in PostgreSQL JSONB otherwise.
var chat = builder.AddProject<Projects.SkillSwap_Chat>("chat")
    .WithReplicas(2)
    // Several events in flight per replica: notifications for many people arrive at once (order across people does
    // not matter; what must stay ordered carries its own version or timestamp).
    .WithEnvironment("EventBus__ConsumerConcurrency", "4")
    .WithEnvironment("EventBus__PrefetchCount", "32")
    .WithReference(eventBus).WaitFor(eventBus)
    .WithAccessTokenValidation(identity, cache)
    .WithHttpHealthCheck("/health");
if (builder.ExecutionContext.IsRunMode)
{
    // On one machine the silos talk over loopback, each on a free port of its own.
    chat.WithEnvironment("Orleans__AdvertisedIPAddress", "127.0.0.1");
}
else
{
    // Deployed, each replica advertises its own address (pod IP) and the silos talk on one known port.
    chat.WithEnvironment("Orleans__SiloPort", "11111");
}
if (infrastructure.MongoDb is { } chatMongo)
{
    chat.WithReference(chatMongo).WaitFor(chatMongo);
}
else
{
    var chatDb = infrastructure.AddPostgresDatabase("chatdb");
    chat.WithReference(chatDb).WaitFor(chatDb);
}

// Reviews keeps reviews and ratings in MongoDB (w:majority, j:true) when it runs, in PostgreSQL JSONB otherwise.
var reviews = builder.AddProject<Projects.SkillSwap_Reviews>("reviews")
    .WithReference(eventBus).WaitFor(eventBus)
    .WithAccessTokenValidation(identity, cache)
    .WithHttpHealthCheck("/health");
if (infrastructure.MongoDb is { } reviewsMongo)
{
    reviews.WithReference(reviewsMongo).WaitFor(reviewsMongo);
}
else
{
    var reviewsDb = infrastructure.AddPostgresDatabase("reviewsdb");
    reviews.WithReference(reviewsDb).WaitFor(reviewsDb);
}

// Notifications keeps each person's inbox and switches; it reaches connected apps through Chat's hub (by an event),
// phones through Expo's push API, and mailboxes through the mail server.
var notifications = builder.AddProject<Projects.SkillSwap_Notifications>("notifications")
    .WithReference(eventBus).WaitFor(eventBus)
    // Eight events handled at once: each is a dozen short database round trips, and one at a time carried only about
    // 230 events/s on two cores (the notifications benchmark); a conflict on one person's document retries.
    .WithEnvironment("EventBus__ConsumerConcurrency", "8")
    .WithEnvironment("EventBus__PrefetchCount", "32")
    .WithReference(infrastructure.Mail)
    .WithAccessTokenValidation(identity, cache)
    .WithHttpHealthCheck("/health");
if (infrastructure.MongoDb is { } notificationsMongo)
{
    notifications.WithReference(notificationsMongo).WaitFor(notificationsMongo);
}
else
{
    var notificationsDb = infrastructure.AddPostgresDatabase("notificationsdb");
    notifications.WithReference(notificationsDb).WaitFor(notificationsDb);
}

// Administration: moderation cases and the hash-chained audit log of staff actions, in PostgreSQL (a staff action and
// its audit entry commit together). It learns about the platform from events only.
var administrationDb = infrastructure.AddPostgresDatabase("administrationdb");
var administration = builder.AddProject<Projects.SkillSwap_Administration>("administration")
    .WithReference(administrationDb).WaitFor(administrationDb)
    .WithReference(eventBus).WaitFor(eventBus)
    // The KPI projection does not depend on the order events arrive in: four at a time absorb 500 events/s instead of
    // 300 (./skillswap bench kpis), which shortens a catch-up after an outage.
    .WithEnvironment("EventBus__ConsumerConcurrency", "4")
    .WithEnvironment("EventBus__PrefetchCount", "32")
    .WithAccessTokenValidation(identity, cache)
    .WithHttpHealthCheck("/health");

var gateway = builder.AddProject<Projects.SkillSwap_Gateway>("gateway")
    .WithEndpoint("http", endpoint => endpoint.Port = GatewayPort(builder))
    // Aspire trusts forwarded headers from anyone by default; at the edge that would let clients pick their own
    // address and dodge per-IP limits. The gateway trusts only Gateway:TrustedProxies instead.
    .WithEnvironment("ASPNETCORE_FORWARDEDHEADERS_ENABLED", "false")
    .WithExternalHttpEndpoints()
    .WithReference(identity).WaitFor(identity)
    .WithReference(profiles).WaitFor(profiles)
    .WithReference(sessions).WaitFor(sessions)
    .WithReference(payments).WaitFor(payments)
    .WithReference(chat).WaitFor(chat)
    .WithReference(reviews).WaitFor(reviews)
    .WithReference(notifications).WaitFor(notifications)
    .WithReference(administration).WaitFor(administration)
    .WithReference(cache).WaitFor(cache)
    .WithHttpHealthCheck("/health");

if (builder.ExecutionContext.IsRunMode)
{
    // The app's web build (clients/mobile/dist, built by ./skillswap run) and the API on one origin: its server forwards
    // /api and /hubs to the gateway. Emails link to it, so a newcomer clicks through from the Maildir. Deployed, the app
    // is a static site on the product's domain (see README "The app"), not a resource of the manifest.
    var webApp = builder.AddExecutable("app", "node", Path.Combine(builder.AppHostDirectory, "..", "clients", "mobile"), "scripts/serve-web.mjs")
        .WithHttpEndpoint(port: AppPort(builder), env: "PORT")
        .WithExternalHttpEndpoints()
        .WithEnvironment("SKILLSWAP_API_URL", gateway.GetEndpoint("http"))
        .WithHttpHealthCheck("/healthz")
        .WaitFor(gateway);
    notifications.WithEnvironment("Notifications__AppUrl", webApp.GetEndpoint("http"));
}

builder.Build().Run();

// A person types the gateway's address into the app, so it is fixed (5180, "Gateway:Port"); 0 lets Aspire pick.
static int? GatewayPort(IDistributedApplicationBuilder builder) =>
    builder.Configuration.GetValue<int?>("Gateway:Port", 5180) is var port and not 0 ? port : null;

// A person opens the app in a browser (5190, "App:Port"); 0 lets Aspire pick.
static int? AppPort(IDistributedApplicationBuilder builder) =>
    builder.Configuration.GetValue<int?>("App:Port", 5190) is var port and not 0 ? port : null;
