using System.Collections.Frozen;
using System.Numerics.Tensors;
using Microsoft.Extensions.AI;
using SkillSwap.Profiles.Skills;
using SkillSwap.Profiles.Skills.Catalogue;

namespace SkillSwap.Profiles.Matching;

/// <summary>
/// Meaning of skills as vectors: every catalogue entry embedded once per process (a few hundred labels, about half a
/// second), free text embedded when a profile is indexed. Similarity is the cosine, which for unit vectors is the dot
/// product: 1 for the same skill, about 0.5–0.8 for neighbours ("guitar"/"ukulele"), below 0.4 for unrelated ones.
/// </summary>
public sealed class SkillVectors(SkillCatalogue catalogue, IEmbeddingGenerator<string, Embedding<float>> generator)
{
    /// <summary>Below this two skills are not the same thing for matching; between it and 1 they are related.</summary>
    public const float RelatedThreshold = 0.55f;

    private readonly SemaphoreSlim _loading = new(1, 1);
    private FrozenDictionary<string, float[]>? _catalogueVectors;
    private FrozenDictionary<string, IReadOnlyList<string>>? _related;

    public async Task<float[]> OfFreeTextAsync(string text, CancellationToken cancellationToken)
    {
        var embeddings = await generator.GenerateAsync([text], cancellationToken: cancellationToken);
        return embeddings[0].Vector.ToArray();
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
