using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit;

namespace SkillSwap.Testing;

/// <summary>Assertions on RFC 9457 problem answers, the same for every service.</summary>
public static class ProblemAssertions
{
    /// <summary>
    /// Asserts an RFC 9457 answer with the status and, when given, the stable problem type. Every service names its
    /// types <c>https://skillswap.app/problems/&lt;service&gt;/&lt;slug&gt;</c>, so <paramref name="type"/> is the slug and is
    /// compared with the last path segment of an absolute type URI: the suites need not know each other's prefixes.
    /// </summary>
    public static async Task<JsonElement> AssertProblemAsync(this HttpResponseMessage response, HttpStatusCode status, string? type = null)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonSerializer.Deserialize<JsonElement>(body);
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        if (type is not null)
        {
            var actual = problem.GetProperty("type").GetString();
            // A relative or bare type would pass a plain suffix check, so the URI must be absolute first.
            Assert.True(Uri.TryCreate(actual, UriKind.Absolute, out var uri), $"problem type '{actual}' is not an absolute URI");
            Assert.Equal(type, uri.Segments[^1]);
        }
        return problem;
    }

    /// <summary>Asserts a 400 validation problem naming exactly <paramref name="fields"/>.</summary>
    public static async Task AssertValidationProblemAsync(this HttpResponseMessage response, params string[] fields)
    {
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        var reported = problem.GetProperty("errors").EnumerateObject().Select(error => error.Name).Order().ToArray();
        Assert.Equal(fields.Order().ToArray(), reported);
    }

    /// <summary>Reads the body as <typeparamref name="T"/> after asserting the status, showing the body when it differs.</summary>
    public static async Task<T> ReadAsync<T>(this HttpResponseMessage response, HttpStatusCode status, JsonSerializerOptions? json = null)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        return (await response.Content.ReadFromJsonAsync<T>(json))!;
    }
}
