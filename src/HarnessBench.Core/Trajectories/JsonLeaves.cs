using System.Text.Json;

namespace HarnessBench.Core.Trajectories;

/// <summary>Flattens JSON into its string leaves (depth first, document order).</summary>
internal static class JsonLeaves
{
    private const int MaxDepth = 64;

    public static IReadOnlyList<string> Strings(JsonElement element)
    {
        var leaves = new List<string>();
        Collect(element, leaves, 0);
        return leaves;
    }

    private static void Collect(JsonElement element, List<string> leaves, int depth)
    {
        if (depth > MaxDepth)
        {
            return;
        }
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                leaves.Add(element.GetString() ?? "");
                break;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    Collect(property.Value, leaves, depth + 1);
                }
                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    Collect(item, leaves, depth + 1);
                }
                break;
            default:
                break;
        }
    }
}
