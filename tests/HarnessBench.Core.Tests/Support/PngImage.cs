using System.Buffers.Binary;
using System.IO.Compression;

namespace HarnessBench.Core.Tests.Support;

/// <summary>
/// A minimal PNG reader (8-bit RGB or RGBA, not interlaced: what headless Chromium writes), so that
/// a screenshot's pixels can be checked without an imaging package (none is served here).
/// </summary>
internal sealed class PngImage
{
    private readonly byte[] _pixels;
    private readonly int _channels;

    private PngImage(int width, int height, int channels, byte[] pixels)
    {
        Width = width;
        Height = height;
        _channels = channels;
        _pixels = pixels;
    }

    public int Width { get; }

    public int Height { get; }

    public (byte R, byte G, byte B) this[int x, int y]
    {
        get
        {
            var i = (y * Width + x) * _channels;
            return (_pixels[i], _pixels[i + 1], _pixels[i + 2]);
        }
    }

    public static PngImage Decode(byte[] png)
    {
        ReadOnlySpan<byte> signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];
        if (!png.AsSpan(0, 8).SequenceEqual(signature)) throw new InvalidDataException("not a PNG");
        int width = 0, height = 0, channels = 0;
        using var idat = new MemoryStream();
        for (var at = 8; at + 8 <= png.Length;)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(at));
            var type = System.Text.Encoding.ASCII.GetString(png, at + 4, 4);
            var data = png.AsSpan(at + 8, length);
            if (type == "IHDR")
            {
                width = BinaryPrimitives.ReadInt32BigEndian(data);
                height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                var (depth, colour, interlace) = (data[8], data[9], data[12]);
                channels = colour switch { 2 => 3, 6 => 4, _ => throw new InvalidDataException($"PNG colour type {colour} not supported") };
                if (depth != 8 || interlace != 0) throw new InvalidDataException($"PNG bit depth {depth} / interlace {interlace} not supported");
            }
            else if (type == "IDAT")
            {
                idat.Write(data);
            }
            else if (type == "IEND")
            {
                break;
            }

            at += 12 + length;
        }

        idat.Position = 0;
        using var inflated = new MemoryStream();
        using (var zlib = new ZLibStream(idat, CompressionMode.Decompress)) zlib.CopyTo(inflated);
        return new PngImage(width, height, channels, Unfilter(inflated.ToArray(), width, height, channels));
    }

    private static byte[] Unfilter(byte[] raw, int width, int height, int channels)
    {
        var stride = width * channels;
        var pixels = new byte[stride * height];
        for (var y = 0; y < height; y++)
        {
            var filter = raw[y * (stride + 1)];
            var source = raw.AsSpan(y * (stride + 1) + 1, stride);
            var row = pixels.AsSpan(y * stride, stride);
            var up = y == 0 ? new byte[stride] : pixels.AsSpan((y - 1) * stride, stride).ToArray();
            for (var i = 0; i < stride; i++)
            {
                int a = i >= channels ? row[i - channels] : 0, b = up[i], c = i >= channels ? up[i - channels] : 0;
                row[i] = (byte)(source[i] + filter switch
                {
                    0 => 0,
                    1 => a,
                    2 => b,
                    3 => (a + b) / 2,
                    4 => Paeth(a, b, c),
                    _ => throw new InvalidDataException($"PNG filter {filter}"),
                });
            }
        }

        return pixels;
    }

    private static int Paeth(int a, int b, int c)
    {
        var p = a + b - c;
        int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
