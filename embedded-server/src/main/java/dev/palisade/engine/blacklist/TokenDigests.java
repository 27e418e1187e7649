package dev.palisade.engine.blacklist;

import dev.palisade.engine.Secrets;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Collection;
import java.util.HexFormat;

/**
 * The SHA-256 digests of blacklisted tokens, looked up by their first eight bytes: a bearer call asks
 * with its token's digest as it is, making no hex text of it (an allowed call makes no strings).
 *
 * @param prefixes the digests' first eight bytes, sorted
 * @param digests  the whole digests, in the order of {@code prefixes}
 */
record TokenDigests(long[] prefixes, byte[][] digests) {

    /** From entries' values, 64 hex digits each; any other value names no digest a token can have. */
    static TokenDigests of(Collection<String> hexValues) {
        byte[][] digests = hexValues.stream().filter(v -> v.matches("[0-9a-fA-F]{64}")).map(HexFormat.of()::parseHex)
                .sorted((a, b) -> Long.compare(Secrets.prefix(a), Secrets.prefix(b))).toArray(byte[][]::new);
        long[] prefixes = new long[digests.length];
        for (int i = 0; i < digests.length; i++) prefixes[i] = Secrets.prefix(digests[i]);
        return new TokenDigests(prefixes, digests);
    }

    boolean contains(byte[] digest) {
        if (prefixes.length == 0 || digest == null || digest.length != 32) return false;
        long prefix = Secrets.prefix(digest);
        int at = Arrays.binarySearch(prefixes, prefix);
        if (at < 0) return false;
        while (at > 0 && prefixes[at - 1] == prefix) at--;
        for (; at < prefixes.length && prefixes[at] == prefix; at++) {
            if (MessageDigest.isEqual(digests[at], digest)) return true;
        }
        return false;
    }
}
