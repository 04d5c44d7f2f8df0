using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Hosting;

namespace SkillSwap.AppHost.Tests;

/// <summary>
/// The native servers' ports (and every test server's) come from <see cref="FreePorts"/>: outside the kernel's
/// ephemeral range, so no outgoing connection can hold one before its server binds it.
/// </summary>
public sealed class FreePortsTests
{
    [Fact]
    public void Ports_are_free_never_given_twice_and_below_the_kernels_ephemeral_range()
    {
        var ephemeralStart = int.Parse(
            File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)[0],
            System.Globalization.CultureInfo.InvariantCulture);

        var ports = Enumerable.Range(0, 200).Select(_ => FreePorts.Next()).ToList();

        Assert.Equal(ports.Count, ports.Distinct().Count());
        Assert.All(ports, port => Assert.InRange(port, 1024, ephemeralStart - 1));
        Assert.All(ports.Take(20), port =>
        {
            using var server = new TcpListener(IPAddress.Loopback, port);
            server.Start();
        });
    }
}
