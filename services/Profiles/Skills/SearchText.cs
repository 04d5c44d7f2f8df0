using System.Globalization;
using System.Text;

namespace SkillSwap.Profiles.Skills;

/// <summary>
/// The one normal form of text that is compared rather than shown: lowercase, accents removed, punctuation other
/// than + and # dropped (so "C++" and "C#" survive), whitespace collapsed. Catalogue lookups, the search index and
/// search queries all go through it, so "Français", "francais" and " FRANÇAIS " are the same word everywhere.
/// </summary>
public static class SearchText
{
    public static string Normalize(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return "";
        }
        var decomposed = text.Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        var pendingSpace = false;
        foreach (var c in decomposed)
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark)
            {
                continue;
            }
            if (char.IsLetterOrDigit(c) || c is '+' or '#')
            {
                if (pendingSpace && builder.Length > 0)
                {
                    builder.Append(' ');
                }
                pendingSpace = false;
                builder.Append(char.ToLowerInvariant(c));
            }
            else
            {
                // Apostrophes, hyphens and the like separate words: "jeu d'échecs" → "jeu d echecs".
                pendingSpace = true;
            }
        }
        // Ligatures that FormD leaves whole.
        return builder.ToString().Replace("œ", "oe", StringComparison.Ordinal).Replace("æ", "ae", StringComparison.Ordinal);
    }

    /// <summary>
    /// The words as index terms: <see cref="Words"/> with "+" and "#" spelt out, because full-text parsers split on
    /// them and "C++", "C#" and "C" would otherwise be one term.
    /// </summary>
    public static string[] Terms(string? text) =>
        [.. Words(text).Select(word => word.Replace("+", "plus", StringComparison.Ordinal).Replace("#", "sharp", StringComparison.Ordinal))];

    /// <summary>
    /// French and English words that carry no meaning in a search ("cours de guitare", "the art of cooking"). Kept in
    /// the index, dropped from queries: as tsquery or match terms they would match most profiles.
    /// </summary>
    private static readonly HashSet<string> StopWords =
    [
        "a", "au", "aux", "d", "de", "des", "du", "en", "et", "l", "la", "le", "les", "un", "une", "pour", "avec", "cours",
        "an", "and", "for", "in", "of", "on", "the", "to", "with", "class", "lessons",
    ];

    /// <summary>The <see cref="Terms"/> of a search query without stop words (all of them if nothing else is left).</summary>
    public static string[] QueryTerms(string? text)
    {
        var terms = Terms(text);
        var meaningful = terms.Where(term => !StopWords.Contains(term)).ToArray();
        return meaningful.Length > 0 ? meaningful : terms;
    }

    /// <summary>The words of <see cref="Normalize"/>d text.</summary>
    public static string[] Words(string? text) =>
        Normalize(text).Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
