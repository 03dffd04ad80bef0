using System.IO.Compression;
using System.Text;
using HarnessBench.Core.Audit;

namespace HarnessBench.Core.Tests.Audit;

public sealed class CanaryMatcherTests
{
    private const string Canary = "hbc-5f2e9a71c4d84b0e";
    private readonly CanaryMatcher matcher = new(Canary);

    [Fact]
    public void Plain_canary_is_found_in_text_and_bytes()
    {
        var text = $"#!/bin/sh\n# {Canary}\npytest -q\n";

        Assert.Equal("plain", matcher.Find(text.AsSpan()));
        Assert.Equal("plain", matcher.Find(Encoding.UTF8.GetBytes(text).AsSpan()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("a")]
    [InlineData("ab")]
    [InlineData("#!/bin/sh\n# ")]
    [InlineData("#!/bin/sh\n#  ")]
    public void Base64_of_a_file_containing_the_canary_is_found_at_every_alignment(string before)
    {
        var file = before + Canary + "\npytest -q tests/\n";
        var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes(file));

        Assert.DoesNotContain(Canary, encoded, StringComparison.Ordinal);
        Assert.Equal("base64", matcher.Find(encoded.AsSpan()));
        Assert.Equal("base64", matcher.Find(Encoding.ASCII.GetBytes(encoded).AsSpan()));
    }

    [Fact]
    public void Base64_wrapped_at_76_columns_is_found_when_the_needle_is_on_one_line()
    {
        var file = new string('x', 3) + Canary + new string('y', 200);
        var wrapped = string.Join('\n', Convert.ToBase64String(Encoding.UTF8.GetBytes(file)).Chunk(76).Select(c => new string(c)));

        Assert.Equal("base64", matcher.Find(wrapped.AsSpan()));
    }

    [Fact]
    public void Hex_in_lower_and_upper_case_is_found()
    {
        var hex = Convert.ToHexString(Encoding.UTF8.GetBytes("# " + Canary + "\n"));

        Assert.Equal("hex", matcher.Find(hex.AsSpan()));
        Assert.Equal("hex", matcher.Find(hex.ToLowerInvariant().AsSpan()));
    }

    [Fact]
    public void Url_safe_base64_is_found()
    {
        // A canary whose base64 has '+' or '/' so that the URL-safe alphabet differs.
        var special = new CanaryMatcher("hbc-???>>>~~~canary");
        var url = Convert.ToBase64String(Encoding.UTF8.GetBytes("hbc-???>>>~~~canary")).Replace('+', '-').Replace('/', '_');

        Assert.Contains(special.Needles, n => n.Form == "base64url");
        Assert.Equal("base64url", special.Find(url.AsSpan()));
    }

    [Theory]
    [InlineData("hbc-5f2e9a71c4d84b0f")]
    [InlineData("hbc-5f2e9a71c4d84b0")]
    [InlineData("HBC-5F2E9A71C4D84B0E")]
    [InlineData("hbc-5f2e9a71 c4d84b0e")]
    [InlineData("hbc-5f2e9a71c4d8")]
    public void Near_misses_do_not_match(string nearMiss)
    {
        var text = $"prefix {nearMiss} suffix";

        Assert.Null(matcher.Find(text.AsSpan()));
        Assert.Null(matcher.Find(Convert.ToBase64String(Encoding.UTF8.GetBytes(text)).AsSpan()));
        Assert.Null(matcher.Find(Convert.ToHexString(Encoding.UTF8.GetBytes(text)).AsSpan()));
    }

    [Fact]
    public void Base64_needles_are_exactly_the_characters_fixed_by_the_canary()
    {
        var needles = CanaryMatcher.Base64Alignments(Encoding.UTF8.GetBytes(Canary)).ToList();

        Assert.Equal(3, needles.Count);
        for (var lead = 0; lead < 3; lead++)
        {
            // Every choice of neighbouring bytes keeps the needle: it does not depend on them.
            foreach (var fill in new byte[] { 0x00, 0x41, 0xff })
            {
                var data = Enumerable.Repeat(fill, lead).Concat(Encoding.UTF8.GetBytes(Canary)).Concat(Enumerable.Repeat(fill, 2)).ToArray();
                Assert.Contains(needles[lead], Convert.ToBase64String(data), StringComparison.Ordinal);
            }
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(20)]
    public void Stream_match_across_a_chunk_boundary_is_found(int offsetBeforeBoundary)
    {
        var data = new byte[CanaryMatcher.ChunkBytes * 2];
        Array.Fill(data, (byte)'.');
        Encoding.UTF8.GetBytes(Canary).CopyTo(data, CanaryMatcher.ChunkBytes - offsetBeforeBoundary);

        using var stream = new MemoryStream(data);

        Assert.Equal("plain", matcher.Find(stream));
    }

    [Fact]
    public void Stream_without_the_canary_returns_null_and_reads_to_the_end()
    {
        var data = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("hbc-5f2e9a71c4d84b0 almost ", 200_000)));
        using var stream = new MemoryStream(data);

        Assert.Null(matcher.Find(stream));
        Assert.Equal(data.Length, stream.Position);
    }

    [Fact]
    public void Gzip_stream_is_scanned()
    {
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            var filler = Encoding.UTF8.GetBytes(new string('z', 3_000_000));
            gzip.Write(filler);
            gzip.Write(Encoding.UTF8.GetBytes(Convert.ToHexString(Encoding.UTF8.GetBytes(Canary))));
        }
        compressed.Position = 0;
        using var reader = new GZipStream(compressed, CompressionMode.Decompress);

        Assert.Equal("hex", matcher.Find(reader));
    }

    [Theory]
    [InlineData("")]
    [InlineData("short")]
    [InlineData("two\nlines-canary")]
    public void Unusable_canaries_are_rejected_with_a_reason(string canary)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => new CanaryMatcher(canary));

        Assert.Contains("canary", error.Message, StringComparison.OrdinalIgnoreCase);
    }
}
