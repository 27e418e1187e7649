package dev.palisade.protocol;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The proof of work a client page asks for before bootstrap: hashcash over SHA-256, as several small
 * puzzles rather than one big one (a single puzzle's p95 is about four times its median; the sum of a
 * few is far steadier). Puzzle {@code i} is solved by the smallest decimal counter {@code c} for which
 * SHA-256 of the ASCII bytes {@code seed ":" i ":" c} starts with {@code bits} zero bits. The page
 * carries it as {@code <meta name="palisade-work" content="v1:<bits>:<count>:<seed>">}.
 *
 * @param seed  base64url, chosen by the server per page
 * @param bits  leading zero bits each puzzle needs (0–32)
 * @param count how many puzzles (1–64)
 */
public record WorkChallenge(String seed, int bits, int count) {

    public static final int MAX_BITS = 32;
    public static final int MAX_COUNT = 64;
    private static final String VERSION = "v1";

    public WorkChallenge {
        if (seed == null || !seed.matches("[A-Za-z0-9_-]{1,64}")) throw new IllegalArgumentException("seed must be base64url");
        if (bits < 0 || bits > MAX_BITS) throw new IllegalArgumentException("bits must be 0.." + MAX_BITS);
        if (count < 1 || count > MAX_COUNT) throw new IllegalArgumentException("count must be 1.." + MAX_COUNT);
    }

    /** The meta element's content. */
    public String toMeta() { return VERSION + ":" + bits + ":" + count + ":" + seed; }

    /** @throws IllegalArgumentException if {@code meta} is not a version-1 challenge */
    public static WorkChallenge parse(String meta) {
        String[] parts = meta == null ? new String[0] : meta.split(":", -1);
        if (parts.length != 4 || !parts[0].equals(VERSION)) throw new IllegalArgumentException("not a v1 work challenge: " + meta);
        // as toMeta writes them: Integer.parseInt also takes "+14", "014" and other scripts' digits
        if (!parts[1].matches("0|[1-9][0-9]?") || !parts[2].matches("[1-9][0-9]?")) {
            throw new IllegalArgumentException("not a v1 work challenge: " + meta);
        }
        return new WorkChallenge(parts[3], Integer.parseInt(parts[1]), Integer.parseInt(parts[2]));
    }

    /** Hashes expected to solve every puzzle: count × 2^bits. */
    public double expectedHashes() { return count * Math.pow(2, bits); }

    /** Whether {@code counters} solve every puzzle, in order; costs {@code count} hashes. */
    public boolean isSolvedBy(long[] counters) {
        if (counters == null || counters.length != count) return false;
        MessageDigest sha = sha256();
        for (int i = 0; i < count; i++) {
            if (counters[i] < 0 || leadingZeroBits(sha.digest(input(i, counters[i]))) < bits) return false;
        }
        return true;
    }

    /** Solves every puzzle by brute force, as a native client (or an attacker's farm) would. */
    public Solution solve() {
        MessageDigest sha = sha256();
        long[] counters = new long[count];
        long hashes = 0;
        for (int i = 0; i < count; i++) {
            byte[] prefix = (seed + ":" + i + ":").getBytes(StandardCharsets.US_ASCII);
            for (long c = 0; ; c++) {
                hashes++;
                sha.update(prefix);
                if (leadingZeroBits(sha.digest(Long.toString(c).getBytes(StandardCharsets.US_ASCII))) >= bits) {
                    counters[i] = c;
                    break;
                }
            }
        }
        return new Solution(counters, hashes);
    }

    /** The counters found and how many hashes it took. */
    public record Solution(long[] counters, long hashes) {}

    byte[] input(int index, long counter) {
        return (seed + ":" + index + ":" + counter).getBytes(StandardCharsets.US_ASCII);
    }

    static int leadingZeroBits(byte[] hash) {
        int bits = 0;
        for (byte b : hash) {
            if (b == 0) {
                bits += 8;
                continue;
            }
            return bits + Integer.numberOfLeadingZeros(b & 0xff) - 24;
        }
        return bits;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
