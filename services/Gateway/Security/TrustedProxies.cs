using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace SkillSwap.Gateway.Security;

/// <summary>
/// The gateway is the platform's edge, and per-IP budgets are only as good as the client address. It trusts
/// X-Forwarded-For only from the networks listed in Gateway:TrustedProxies (the ingress or load balancer in front
/// of it); with none listed, the TCP peer is the client and a forged header changes nothing.
/// </summary>
public static class TrustedProxies
{
    public const string SectionName = "Gateway:TrustedProxies";

    public static WebApplicationBuilder AddTrustedProxies(this WebApplicationBuilder builder)
    {
        var networks = builder.Configuration.GetSection(SectionName).Get<string[]>() ?? [];
        builder.Services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            options.KnownIPNetworks.Clear();
            options.KnownProxies.Clear();
            foreach (var network in networks)
            {
                if (!System.Net.IPNetwork.TryParse(network, out var parsed))
                {
                    throw new InvalidOperationException($"{SectionName} holds '{network}', which is not a CIDR network such as 10.0.0.0/8.");
                }
                options.KnownIPNetworks.Add(parsed);
            }
        });
        return builder;
    }

    public static WebApplication UseTrustedProxies(this WebApplication app)
    {
        // With no known proxy at all the middleware would trust every sender, so it only runs when some are listed.
        if (app.Configuration.GetSection(SectionName).Get<string[]>() is { Length: > 0 })
        {
            app.UseForwardedHeaders();
        }
        return app;
    }
}
