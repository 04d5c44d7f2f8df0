using SkillSwap.Benchmarks;
using SkillSwap.Benchmarks.Administration;
using SkillSwap.Benchmarks.Chat;
using SkillSwap.Benchmarks.Gateway;
using SkillSwap.Benchmarks.Identity;
using SkillSwap.Benchmarks.Notifications;
using SkillSwap.Benchmarks.Profiles;
using SkillSwap.Benchmarks.Sessions;

// ./skillswap bench gateway [--rate 1000] [--seconds 30] [--concurrency 64]
// ./skillswap bench profiles [--profiles 100000] [--queries 500]
// ./skillswap bench sessions [--rate 50 | --rates 50,100,200] [--seconds 20] [--learners 200]
// ./skillswap bench chat [--rate 1000 | --rates 500,1000,2000] [--seconds 20] [--clients 1000] [--in-flight 8]
// ./skillswap bench notifications [--rate 500 | --rates 250,500,1000] [--seconds 20] [--clients 500] [--set [notifications/|chat/]Key=Value ...]
// ./skillswap bench mail-links [--queries 500]
// ./skillswap bench sanctions [--clients 30]
// ./skillswap bench kpis [--members 12000] [--set Key=Value ...]
// The open-loop generator keeps hundreds of requests in flight; don't let thread-pool ramp-up pose as server latency.
ThreadPool.SetMinThreads(64, 64);
var scenario = args.FirstOrDefault() ?? "gateway";
var options = BenchmarkArguments.Parse(args.Skip(1).ToArray());
switch (scenario)
{
    case "gateway":
        await GatewayBenchmark.RunAsync(options);
        break;
    case "profiles":
        await ProfilesBenchmark.RunAsync(options);
        break;
    case "sessions":
        await SessionsBenchmark.RunAsync(options);
        break;
    case "chat":
        await ChatBenchmark.RunAsync(options);
        break;
    case "notifications":
        await NotificationsBenchmark.RunAsync(options);
        break;
    case "mail-links":
        await MailLinkTimingBenchmark.RunAsync(options);
        break;
    case "sanctions":
        await SanctionBenchmark.RunAsync(options);
        break;
    case "kpis":
        await KpiBenchmark.RunAsync(options);
        break;
    default:
        Console.Error.WriteLine($"unknown benchmark '{scenario}'; available: gateway, profiles, sessions, chat, notifications, mail-links, sanctions, kpis");
        return 2;
}
return 0;
