using SkillSwap.AppHost.Infrastructure;

var builder = DistributedApplication.CreateBuilder(args);

var infrastructure = SkillSwapInfrastructure.Add(builder);

builder.Build().Run();
