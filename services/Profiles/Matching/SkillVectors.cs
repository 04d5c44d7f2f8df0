using System.Collections.Frozen;
using System.Numerics.Tensors;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Caching.Memory;
using SkillSwap.Profiles.Skills;
using SkillSwap.Profiles.Skills.Catalogue;

namespace SkillSwap.Profiles.Matching;

/// <summary>
/// Meaning of skills as vectors: every catalogue entry embedded once per process (a few hundred labels, about half a
/// second), free text embedded once per normal form and then remembered (<see cref="FreeTextMemory"/> texts, the least
/// used forgotten first): a profile is projected at every match request, and re-embedding its up to twenty free-text
/// skills each time let anyone burn the replica's CPU by asking for matches. Similarity is the cosine, which for unit vectors is the dot
/// product: 1 for the same skill, about 0.5–0.8 for neighbours ("guitar"/"ukulele"), below 0.4 for unrelated ones.
/// </summary>
public sealed class SkillVectors(SkillCatalogue catalogue, IEmbeddingGenerator<string, Embedding<float>> generator) : IDisposable
{
    /// <summary>Free texts whose vectors are kept (384 floats, 1.5 KB each: about 30 MB at most).</summary>
    public const int FreeTextMemory = 20_000;

    /// <summary>Below this two skills are not the same thing for matching; between it and 1 they are related.</summary>
    public const float RelatedThreshold = 0.55f;

    private readonly SemaphoreSlim _loading = new(1, 1);
    private FrozenDictionary<string, float[]>? _catalogueVectors;
    private FrozenDictionary<string, IReadOnlyList<string>>? _related;
    private readonly MemoryCache _freeText = new(new MemoryCacheOptions { SizeLimit = FreeTextMemory, CompactionPercentage = 0.1 });

    /// <summary>The vector of a free text, in its normal form; shared, so never to be modified.</summary>
    public async Task<float[]> OfFreeTextAsync(string text, CancellationToken cancellationToken)
    {
        var normal = FreeTextForEmbedding(text);
        if (_freeText.TryGetValue(normal, out float[]? known))
        {
            return known!;
        }
        var embeddings = await generator.GenerateAsync([normal], cancellationToken: cancellationToken);
        var vector = embeddings[0].Vector.ToArray();
        _freeText.Set(normal, vector, new MemoryCacheEntryOptions { Size = 1 });
        return vector;
    }

    public void Dispose()
    {
        _freeText.Dispose();
        _loading.Dispose();
    }

    public static float Similarity(ReadOnlySpan<float> left, ReadOnlySpan<float> right) => TensorPrimitives.Dot(left, right);

    /// <summary>Catalogue ids related to a catalogue skill (itself included), closest first.</summary>
    public async Task<IReadOnlyList<string>> RelatedToCatalogueSkillAsync(string skillId, CancellationToken cancellationToken)
    {
        await CatalogueVectorsAsync(cancellationToken);
        return _related!.GetValueOrDefault(skillId) ?? [skillId];
    }

    /// <summary>Catalogue ids whose meaning is close to <paramref name="vector"/>, closest first, at most <paramref name="limit"/>.</summary>
    public async Task<IReadOnlyList<string>> NearestCatalogueSkillsAsync(float[] vector, int limit, CancellationToken cancellationToken)
    {
        var vectors = await CatalogueVectorsAsync(cancellationToken);
        return Nearest(vectors, vector, limit);
    }

    public async Task<FrozenDictionary<string, float[]>> CatalogueVectorsAsync(CancellationToken cancellationToken)
    {
        if (_catalogueVectors is { } loaded)
        {
            return loaded;
        }
        await _loading.WaitAsync(cancellationToken);
        try
        {
            if (_catalogueVectors is null)
            {
                var embeddings = await generator.GenerateAsync(catalogue.Skills.Select(EmbeddingText), cancellationToken: cancellationToken);
                var vectors = catalogue.Skills
                    .Select((skill, index) => (skill.Id, Vector: embeddings[index].Vector.ToArray()))
                    .ToFrozenDictionary(entry => entry.Id, entry => entry.Vector, StringComparer.Ordinal);
                _related = catalogue.Skills.ToFrozenDictionary(
                    skill => skill.Id, skill => Nearest(vectors, vectors[skill.Id], limit: 8), StringComparer.Ordinal);
                _catalogueVectors = vectors;
            }
            return _catalogueVectors;
        }
        finally
        {
            _loading.Release();
        }
    }

    /// <summary>The model is English: catalogue entries are embedded by their English label and category.</summary>
    private string EmbeddingText(CatalogueSkill skill) => $"{skill.En} ({catalogue.FindCategory(skill.Category)!.En})";

    private static IReadOnlyList<string> Nearest(FrozenDictionary<string, float[]> vectors, float[] vector, int limit) =>
        [.. vectors
            .Select(entry => (entry.Key, Similarity: Similarity(entry.Value, vector)))
            .Where(entry => entry.Similarity >= RelatedThreshold)
            .OrderByDescending(entry => entry.Similarity)
            .Take(limit)
            .Select(entry => entry.Key)];

    /// <summary>Free text is embedded as typed, after the one normal form, so "Kite-Surf" and "kite surf" agree.</summary>
    public static string FreeTextForEmbedding(string label) => SearchText.Normalize(label);
}
