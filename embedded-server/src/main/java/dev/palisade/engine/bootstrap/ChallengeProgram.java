package dev.palisade.engine.bootstrap;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A per-page challenge (the attacker ladder's L4): values placed in the page's DOM as {@code <meta>}
 * elements with random names, and a small program of randomly chosen 32-bit operations over them that
 * only a client running the page's JavaScript against the page's DOM computes. Everything follows
 * from a secret 64-bit seed, so the server keeps only the seed and the expected answer per page and
 * writes the markers and the program again when they are asked for.
 *
 * <p>The answer is 16 lower-case hex digits: two 32-bit lanes. The Java below computes the same
 * lanes with int arithmetic, which wraps exactly as JavaScript's {@code |0}, {@code Math.imul} and
 * shifts do.
 */
public final class ChallengeProgram {

    /** One value placed in the page: {@code <meta name="NAME" content="VALUE">}. */
    public record Marker(String name, String content) {}

    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final int OPS = 5;

    private final List<Marker> markers;
    private final String prefix;
    private final String program;
    private final String answer;

    private ChallengeProgram(List<Marker> markers, String prefix, String program, String answer) {
        this.markers = markers;
        this.prefix = prefix;
        this.program = program;
        this.answer = answer;
    }

    public static ChallengeProgram generate(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        String prefix = "p" + word(r, 3) + "-";
        int a = r.nextInt();
        int b = r.nextInt();
        int n = 6 + r.nextInt(5);
        List<Marker> markers = new ArrayList<>(n);
        StringBuilder js = new StringBuilder();
        js.append("var a=").append(a).append(",b=").append(b).append(",n=d.querySelectorAll('meta[name^=\"")
                .append(prefix).append("\"]').length;");
        for (int i = 0; i < n; i++) {
            int value = r.nextInt();
            int radix = r.nextBoolean() ? 16 : 36;
            String name = prefix + word(r, 6);
            markers.add(new Marker(name, Integer.toUnsignedString(value, radix)));
            boolean laneA = r.nextBoolean();
            int op = r.nextInt(OPS);
            int k = 1 + r.nextInt(31);
            String lane = laneA ? "a" : "b";
            String v = "m(\"" + name + "\"," + radix + ")";
            int x = laneA ? a : b;
            switch (op) {
                case 0 -> { x ^= value; js.append(lane).append('=').append(lane).append('^').append(v).append(';'); }
                case 1 -> { x += value; js.append(lane).append("=(").append(lane).append('+').append(v).append(")|0;"); }
                case 2 -> { x *= value | 1; js.append(lane).append("=Math.imul(").append(lane).append(',').append(v).append("|1);"); }
                case 3 -> {
                    x = Integer.rotateLeft(x, k) ^ value;
                    js.append(lane).append("=((").append(lane).append("<<").append(k).append(")|(").append(lane)
                            .append(">>>").append(32 - k).append("))^").append(v).append(';');
                }
                default -> { x -= value; js.append(lane).append("=(").append(lane).append('-').append(v).append(")|0;"); }
            }
            if (laneA) a = x;
            else b = x;
        }
        // the element count ties the answer to the DOM as a whole, not only to the values in it
        int mix = r.nextInt() | 1;
        a = (a ^ n) * mix;
        b = (b + Integer.rotateLeft(a, 7)) ^ (a >>> 11);
        js.append("a=Math.imul(a^n,").append(mix).append(");b=((b+((a<<7)|(a>>>25)))|0)^(a>>>11);");
        List<Marker> shuffled = new ArrayList<>(markers);
        for (int i = shuffled.size() - 1; i > 0; i--) java.util.Collections.swap(shuffled, i, r.nextInt(i + 1));
        String answer = hex(a) + hex(b);
        return new ChallengeProgram(List.copyOf(shuffled), prefix, js.toString(), answer);
    }

    /** The markers in the order they appear in the page. */
    public List<Marker> markers() { return markers; }

    /** The expected answer, 16 hex digits. */
    public String answer() { return answer; }

    /**
     * The script served at {@code /assets/challenge/<pageNonce>.js}: registers a function of a
     * document under the page nonce, so palisade.js can run it against this page or a fetched one.
     */
    public String script(String pageNonce) {
        return "/* Palisade page challenge for one page; served until that page bootstraps. */\n"
                + "(window.PalisadeChallenges=window.PalisadeChallenges||{})[\"" + pageNonce + "\"]=function(d){"
                + "function m(k,r){var e=d.querySelector('meta[name=\"'+k+'\"]');"
                + "return e?parseInt(e.getAttribute('content'),r)|0:0;}"
                + program
                + "function h(x){return('0000000'+(x>>>0).toString(16)).slice(-8);}return h(a)+h(b);};\n";
    }

    /** The marker names' shared prefix, e.g. {@code pq7x-}. */
    public String prefix() { return prefix; }

    private static String word(SplittableRandom r, int length) {
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length; i++) b.append(ALPHABET.charAt(r.nextInt(ALPHABET.length())));
        return b.toString();
    }

    private static String hex(int v) {
        String h = Integer.toHexString(v);
        return "0".repeat(8 - h.length()) + h;
    }
}
