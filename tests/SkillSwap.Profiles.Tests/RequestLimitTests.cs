using System.Net;
using SkillSwap.Profiles.Tests.Infrastructure;
using SkillSwap.Testing;

namespace SkillSwap.Profiles.Tests;

/// <summary>
/// The request size limit is enforced by Kestrel, which the in-memory test server does not emulate, so this suite
/// runs its own instance of the service over a real loopback socket.
/// </summary>
public sealed class RequestLimitTests(RequestLimitTests.KestrelProfiles kestrel) : IClassFixture<RequestLimitTests.KestrelProfiles>
{
    private readonly ProfilesApp _app = kestrel.App;

    public sealed class KestrelProfiles : IAsyncLifetime
    {
        public ProfilesApp App { get; } = new(overKestrel: true);

        public Task InitializeAsync() => ((IAsyncLifetime)App).InitializeAsync();

        public Task DisposeAsync() => ((IAsyncLifetime)App).DisposeAsync();
    }

    [Fact]
    public async Task An_oversize_body_is_refused_before_being_read()
    {
        var userId = await _app.RegisterUserAsync();
        var before = await _app.FingerprintAsync();
        var huge = ProfileRequests.ValidEdit() with { Bio = new string('a', 200_000) };

        var response = await _app.ClientFor(userId).PutMeAsync(huge, "\"1\"");

        await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(before, await _app.FingerprintAsync());
    }

    [Fact]
    public async Task A_genuine_token_works_over_the_socket_too()
    {
        var userId = await _app.RegisterUserAsync();

        var response = await _app.ClientFor(userId).GetAsync(ProfileRequests.Me);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
