using System.Collections.Concurrent;

namespace ConsentHub.Hub.Projections.Compact;

/// The short words that recur in nearly every party view (scopes, channels, purposes, sources, policy versions,
/// newsletter ids and states), each kept once and written as its number. The table only grows, up to a bound: a word
/// met after it is full (or a long one) is written as text, so what a tenant names freely never grows it without end.
internal static class CompactWords
{
    private const int MaxWords = 16_384;
    private const int MaxLength = 64;

    private static readonly ConcurrentDictionary<string, int> Numbers = new(StringComparer.Ordinal);
    private static readonly Lock Gate = new();
    private static string[] _words = new string[64];
    private static int _count;

    public static int? NumberOf(string word)
    {
        if (Numbers.TryGetValue(word, out var n)) return n;
        if (word.Length > MaxLength) return null;
        lock (Gate)
        {
            if (Numbers.TryGetValue(word, out n)) return n;
            if (_count >= MaxWords) return null;
            if (_count == _words.Length)
            {
                var longer = new string[_words.Length * 2];
                _words.CopyTo(longer);
                Volatile.Write(ref _words, longer);
            }
            n = _count++;
            _words[n] = word;
            Numbers[word] = n;   // a number is given out only once its word is in the array readers see
            return n;
        }
    }

    public static string Of(int number) => Volatile.Read(ref _words)[number];
}
