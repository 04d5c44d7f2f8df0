using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace SkillSwap.Administration.Infrastructure;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without starting the service or reaching a database.</summary>
public sealed class DesignTimeAdministrationDbContextFactory : IDesignTimeDbContextFactory<AdministrationDbContext>
{
    public AdministrationDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<AdministrationDbContext>()
            .UseNpgsql("Host=localhost;Database=administration_design_time")
            .Options);
}
