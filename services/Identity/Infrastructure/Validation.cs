namespace SkillSwap.Identity.Infrastructure;

/// <summary>Collects field errors in the shape <c>TypedResults.ValidationProblem</c> expects (camelCase field names).</summary>
public sealed class ValidationErrors
{
    private readonly Dictionary<string, List<string>> _errors = [];

    public bool IsValid => _errors.Count == 0;

    public ValidationErrors Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var messages))
        {
            _errors[field] = messages = [];
        }
        messages.Add(message);
        return this;
    }

    public ValidationErrors AddIf(string field, string? message) => message is null ? this : Add(field, message);

    public Dictionary<string, string[]> ToDictionary() => _errors.ToDictionary(entry => entry.Key, entry => entry.Value.ToArray());
}
