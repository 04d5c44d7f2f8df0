namespace Microsoft.Extensions.Hosting;

/// <summary>The rule for what people write (messages, reviews, replies): plain text, line breaks and tabs allowed.</summary>
public static class PlainText
{
    /// <summary>True when <paramref name="text"/> holds a control character other than a line break or a tab.</summary>
    public static bool HasControlCharacters(string text) => text.Any(c => char.IsControl(c) && c is not '\n' and not '\r' and not '\t');
}
