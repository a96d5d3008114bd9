using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace ConsentHub.Hub.Security;

/// Eight HMAC-SHA256s of short messages at once, one message in each 32-bit lane of 256-bit vectors: a check of
/// 1,000 recipients hashes its contact points eight at a time for about the cost of two single hashes (the platform
/// has no SHA instructions for .NET to call, and through OpenSSL a hash costs more than the managed one, measured).
/// Only for messages that end within one block after the key's (at most MaxMessage bytes): then the inner hash is one
/// compression from the key's inner state, and the outer one compression of the inner digest, whose words are the
/// inner state's vectors as they stand. The output is HMACSHA256's, byte for byte (KeyedSha256 and tests compare).
internal static class Sha256Lanes
{
    public const int Lanes = 8;

    /// The longest message that fits the one block after the key's with its padding (0x80 and the 8-byte length).
    public const int MaxMessage = Sha256Blocks.BlockLength - 9;

    public static bool Supported => Vector256.IsHardwareAccelerated;

    [InlineArray(64)]
    private struct Schedule
    {
        private Vector256<uint> _w;
    }

    [InlineArray(8)]
    private struct State
    {
        private Vector256<uint> _s;
    }

    /// The MACs of `count` (1 to Lanes) messages: message j is `messages[j * 64 ..]`, `lengths[j]` bytes long (at most
    /// MaxMessage); MAC j goes to `macs[j * 32 ..]`. Compiled optimised from the first call: unoptimised, every vector
    /// operation is a call and a batch took many times the scalar hash's time until the runtime got round to it.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Hash(ReadOnlySpan<uint> inner, ReadOnlySpan<uint> outer, ReadOnlySpan<byte> messages, ReadOnlySpan<int> lengths, int count, Span<byte> macs)
    {
        if (count is < 1 or > Lanes || messages.Length < count * Sha256Blocks.BlockLength || macs.Length < count * KeyedSha256.MacLength)
            throw new ArgumentOutOfRangeException(nameof(count));
        Span<uint> words = stackalloc uint[16 * Lanes];   // words[i * Lanes + j]: word i of lane j's padded block
        words.Clear();
        Span<byte> block = stackalloc byte[Sha256Blocks.BlockLength];
        for (var j = 0; j < count; j++)
        {
            var length = lengths[j];
            if (length > MaxMessage) throw new ArgumentOutOfRangeException(nameof(lengths));
            block.Clear();
            messages.Slice(j * Sha256Blocks.BlockLength, length).CopyTo(block);
            block[length] = 0x80;
            BinaryPrimitives.WriteUInt64BigEndian(block[56..], (ulong)(Sha256Blocks.BlockLength + length) * 8);
            for (var i = 0; i < 16; i++) words[i * Lanes + j] = BinaryPrimitives.ReadUInt32BigEndian(block[(i * 4)..]);
        }
        Unsafe.SkipInit(out Schedule w);
        for (var i = 0; i < 16; i++) w[i] = Vector256.Create<uint>(words.Slice(i * Lanes, Lanes));
        Unsafe.SkipInit(out State state);
        for (var i = 0; i < 8; i++) state[i] = Vector256.Create(inner[i]);
        Compress(ref state, ref w);

        // The outer block: the inner digest (eight words, the state as it is), 0x80, zeros, the length of key block and digest.
        for (var i = 0; i < 8; i++) w[i] = state[i];
        w[8] = Vector256.Create(0x80000000u);
        for (var i = 9; i < 15; i++) w[i] = Vector256<uint>.Zero;
        w[15] = Vector256.Create((uint)(Sha256Blocks.BlockLength + KeyedSha256.MacLength) * 8);
        for (var i = 0; i < 8; i++) state[i] = Vector256.Create(outer[i]);
        Compress(ref state, ref w);

        for (var i = 0; i < 8; i++)
        {
            var lanes = state[i];
            for (var j = 0; j < count; j++)
                BinaryPrimitives.WriteUInt32BigEndian(macs[(j * KeyedSha256.MacLength + i * 4)..], lanes.GetElement(j));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Compress(ref State state, ref Schedule w)
    {
        for (var i = 16; i < 64; i++)
        {
            Vector256<uint> x = w[i - 15], y = w[i - 2];
            var s0 = Rotate(x, 7) ^ Rotate(x, 18) ^ Vector256.ShiftRightLogical(x, 3);
            var s1 = Rotate(y, 17) ^ Rotate(y, 19) ^ Vector256.ShiftRightLogical(y, 10);
            w[i] = w[i - 16] + s0 + w[i - 7] + s1;
        }
        Vector256<uint> a = state[0], b = state[1], c = state[2], d = state[3], e = state[4], f = state[5], g = state[6], h = state[7];
        var k = Sha256Blocks.K;
        for (var i = 0; i < 64; i++)
        {
            var t1 = h + (Rotate(e, 6) ^ Rotate(e, 11) ^ Rotate(e, 25)) + (g ^ (e & (f ^ g))) + Vector256.Create(k[i]) + w[i];
            var t2 = (Rotate(a, 2) ^ Rotate(a, 13) ^ Rotate(a, 22)) + ((a & b) | (c & (a | b)));
            h = g;
            g = f;
            f = e;
            e = d + t1;
            d = c;
            c = b;
            b = a;
            a = t1 + t2;
        }
        state[0] += a;
        state[1] += b;
        state[2] += c;
        state[3] += d;
        state[4] += e;
        state[5] += f;
        state[6] += g;
        state[7] += h;
    }

    /// One instruction where AVX-512 has it (vprold), in place of two shifts and an or: the rounds are mostly rotations.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> Rotate(Vector256<uint> x, [ConstantExpected(Min = 1, Max = 31)] byte n) =>
        Avx512F.VL.IsSupported ? Avx512F.VL.RotateRight(x, n) : Vector256.ShiftRightLogical(x, n) | Vector256.ShiftLeft(x, 32 - n);
}
