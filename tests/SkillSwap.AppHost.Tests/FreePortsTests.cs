using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Hosting;

namespace SkillSwap.AppHost.Tests;

/// <summary>
/// The native servers' ports (and every test server's) come from <see cref="FreePorts"/>: outside the kernel's
/// ephemeral range, so no outgoing connection can hold one before its server binds it. (On a kernel whose range
/// leaves no 1,000 ports around it, FreePorts falls back to the kernel's choice and this test says so.)
/// </summary>
public sealed class FreePortsTests
{
    [Fact]
    public void Ports_are_free_never_given_twice_and_outside_the_kernels_ephemeral_range()
    {
        var range = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
            .Select(bound => int.Parse(bound, System.Globalization.CultureInfo.InvariantCulture)).ToArray();

        var ports = Enumerable.Range(0, 200).Select(_ => FreePorts.Next()).ToList();

        Assert.Equal(ports.Count, ports.Distinct().Count());
        Assert.All(ports, port => Assert.True(port < range[0] || port > range[1], $"{port} is in the ephemeral range {range[0]}–{range[1]}"));
        Assert.All(ports.Take(20), port =>
        {
            using var server = new TcpListener(IPAddress.Loopback, port);
            server.Start();
        });
    }
}
