using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The opaque <c>cursor</c> of every paged API: where a page ended, as a few text fields (e.g. a sort key and an id),
/// base64url-encoded so clients treat it as a token. Each API parses and checks its own fields after
/// <see cref="TryDecode"/>; anything that is not a cursor this API wrote is a validation error, never a 500.
/// </summary>
public static class PageCursor
{
    /// <summary>The most common position: an instant (as UTC ticks) and the id that breaks ties at that instant.</summary>
    public static string EncodeInstant(DateTimeOffset at, string id) => Encode(at.UtcTicks.ToString(CultureInfo.InvariantCulture), id);

    /// <returns>false unless <paramref name="cursor"/> is one <see cref="EncodeInstant"/> wrote.</returns>
    public static bool TryDecodeInstant(string? cursor, out DateTimeOffset at, out string id)
    {
        (at, id) = (default, "");
        if (!TryDecode(cursor, 2, out var fields)
            || !long.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            || ticks > DateTimeOffset.MaxValue.UtcTicks)
        {
            return false;
        }
        (at, id) = (new DateTimeOffset(ticks, TimeSpan.Zero), fields[1]);
        return true;
    }

    private const char Separator = '|';
    private const int MaxLength = 256;

    public static string Encode(params ReadOnlySpan<string> fields) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(string.Join(Separator, fields!)));

    /// <returns>false unless <paramref name="cursor"/> decodes to exactly <paramref name="fieldCount"/> fields.</returns>
    public static bool TryDecode(string? cursor, int fieldCount, out string[] fields)
    {
        fields = [];
        if (string.IsNullOrEmpty(cursor) || cursor.Length > MaxLength)
        {
            return false;
        }
        var bytes = new byte[Base64Url.GetMaxDecodedLength(cursor.Length)];
        if (Base64Url.DecodeFromChars(cursor, bytes, out _, out var written) != System.Buffers.OperationStatus.Done)
        {
            return false;
        }
        string text;
        try
        {
            text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes, 0, written);
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
        var parts = text.Split(Separator);
        if (parts.Length != fieldCount)
        {
            return false;
        }
        fields = parts;
        return true;
    }
}
