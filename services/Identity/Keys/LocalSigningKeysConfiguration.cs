using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace SkillSwap.Identity.Keys;

/// <summary>
/// Identity validates the tokens sent to its own endpoints against its key store directly, instead of fetching its
/// own JWKS over the network like the other services do.
/// </summary>
public sealed class LocalSigningKeysConfiguration(SigningKeyStore keys, IOptions<JwtValidationOptions> jwt)
    : IConfigurationManager<OpenIdConnectConfiguration>
{
    public async Task<OpenIdConnectConfiguration> GetConfigurationAsync(CancellationToken cancel)
    {
        var configuration = new OpenIdConnectConfiguration { Issuer = jwt.Value.Issuer };
        foreach (var key in await keys.GetPublishedKeysAsync(cancel))
        {
            configuration.SigningKeys.Add(key);
        }
        return configuration;
    }

    public void RequestRefresh() => keys.RequestRefresh();
}
