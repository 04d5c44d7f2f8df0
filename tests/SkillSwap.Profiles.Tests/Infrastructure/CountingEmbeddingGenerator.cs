using System.Collections.Concurrent;
using Microsoft.Extensions.AI;

namespace SkillSwap.Profiles.Tests.Infrastructure;

/// <summary>The service's real embedding model, counting what it is asked to embed.</summary>
public sealed class CountingEmbeddingGenerator(IEmbeddingGenerator<string, Embedding<float>> model) : IEmbeddingGenerator<string, Embedding<float>>
{
    private readonly ConcurrentDictionary<string, int> _embedded = new(StringComparer.Ordinal);

    public int TimesEmbedded(string text) => _embedded.GetValueOrDefault(text);

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var texts = values.ToList();
        texts.ForEach(text => _embedded.AddOrUpdate(text, 1, (_, count) => count + 1));
        return model.GenerateAsync(texts, options, cancellationToken);
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => model.GetService(serviceType, serviceKey);

    public void Dispose() => model.Dispose();
}
