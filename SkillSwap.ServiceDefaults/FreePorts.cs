using System.Net;
using System.Net.Sockets;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Loopback ports chosen now for a server that binds them a moment later (a native PostgreSQL started by the AppHost,
/// an Orleans silo, a test's stand-in). They are taken below the kernel's ephemeral range: a port the kernel hands
/// out for "any free port" is just as free for the local end of the next outgoing connection, which can take it before
/// the server binds. Seen here: Redis refused "127.0.0.1:39415: bind: Address already in use" and everything waiting
/// for it waited until the end-to-end suite gave up.
/// </summary>
public static class FreePorts
{
    private const int LowestPort = 20_000;
    private const int MinimumChoice = 1_000;
    private static readonly HashSet<int> Given = [];

    /// <summary>A loopback port nothing listens on now, not given before by this process, outside the ephemeral range.</summary>
    public static int Next()
    {
        var ephemeralStart = EphemeralRangeStart();
        lock (Given)
        {
            for (var attempt = 0; attempt < 1_000; attempt++)
            {
                // On a kernel whose ephemeral range leaves no room below it, the kernel's choice is the fallback.
                var port = ephemeralStart - LowestPort >= MinimumChoice ? Random.Shared.Next(LowestPort, ephemeralStart) : KernelChosenPort();
                if (Given.Add(port) && IsFree(port))
                {
                    return port;
                }
            }
        }
        throw new InvalidOperationException($"No free loopback port between {LowestPort} and {ephemeralStart}");
    }

    private static int EphemeralRangeStart()
    {
        const int LinuxDefault = 32_768;
        try
        {
            var range = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            return int.Parse(range[0], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return LinuxDefault;
        }
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int KernelChosenPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
