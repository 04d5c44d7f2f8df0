namespace SkillSwap.Reviews.Writing;

/// <summary>Input checks shared by writing, editing and replying: stars 1–5, short plain texts.</summary>
public static class ReviewRules
{
    public static int Stars(int? value, string field, bool required)
    {
        if (value is null)
        {
            return required ? throw RuleViolationException.Invalid($"{field} is required: 1 to 5.") : 0;
        }
        return value is >= 1 and <= 5 ? value.Value : throw RuleViolationException.Invalid($"{field} must be between 1 and 5.");
    }

    public static string? Text(string? text, int maxLength, string field, bool required = false)
    {
        var trimmed = text?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return required ? throw RuleViolationException.Invalid($"{field} needs some text.") : null;
        }
        if (trimmed.Length > maxLength)
        {
            throw RuleViolationException.Invalid($"{field} holds at most {maxLength} characters.");
        }
        if (PlainText.HasControlCharacters(trimmed))
        {
            throw RuleViolationException.Invalid($"{field} cannot contain control characters.");
        }
        return trimmed;
    }
}
