using System.Net;
using System.Net.Sockets;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Loopback ports chosen now for a server that binds them a moment later (a native PostgreSQL started by the AppHost,
/// an Orleans silo, a test's stand-in). They are taken outside the kernel's ephemeral range: a port the kernel hands
/// out for "any free port" is just as free for the local end of the next outgoing connection, which can take it before
/// the server binds. Seen here: Redis refused "127.0.0.1:39415: bind: Address already in use" and everything waiting
/// for it waited until the end-to-end suite gave up.
/// </summary>
public static class FreePorts
{
    /// <summary>
    /// Below this are well-known services and SkillSwap's own fixed ports (gateway 5180, dashboard 15180, silo 11111),
    /// which must stay free for whoever binds them later; a gap narrower than <see cref="MinimumChoice"/> is not used.
    /// </summary>
    private const int LowestPort = 20_000;
    private const int MinimumChoice = 1_000;
    private static readonly HashSet<int> Given = [];

    /// <summary>A loopback port nothing listens on now, not given before by this process, outside the ephemeral range.</summary>
    public static int Next()
    {
        var (from, to) = WidestNonEphemeralRange();
        lock (Given)
        {
            for (var attempt = 0; attempt < 1_000; attempt++)
            {
                // A kernel whose ephemeral range leaves no room around it: its own choice is all there is.
                var port = to - from >= MinimumChoice ? Random.Shared.Next(from, to) : KernelChosenPort();
                if (Given.Add(port) && IsFree(port))
                {
                    return port;
                }
            }
        }
        throw new InvalidOperationException($"No free loopback port found outside the ephemeral range (tried {from}–{to})");
    }

    /// <summary>[from, to): the wider of the gaps below and above the kernel's ephemeral range.</summary>
    private static (int From, int To) WidestNonEphemeralRange()
    {
        var (start, end) = EphemeralRange();
        (int From, int To) below = (LowestPort, Math.Max(LowestPort, start));
        (int From, int To) above = (Math.Max(LowestPort, end + 1), 65_536);
        return below.To - below.From >= above.To - above.From ? below : above;
    }

    private static (int Start, int End) EphemeralRange()
    {
        (int, int) linuxDefault = (32_768, 60_999);
        try
        {
            var range = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            return (int.Parse(range[0], System.Globalization.CultureInfo.InvariantCulture), int.Parse(range[1], System.Globalization.CultureInfo.InvariantCulture));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return linuxDefault;
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
