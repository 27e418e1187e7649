package dev.palisade.engine.bootstrap;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A per-page challenge (the attacker ladder's L4): values placed in the page's DOM as {@code <meta>}
 * elements with random names, and a small program of randomly chosen 32-bit operations over them and
 * over the layout of a few boxes it builds in the live document with random CSS (a flex row's shares,
 * a box's width between its min and max with its paddings, an offset inside a positioned box), which only a client running the
 * page's JavaScript in a browser computes: a DOM without layout (jsdom, a stand-in {@code document})
 * measures every box as 0. Everything follows from a secret 64-bit seed, so the server keeps only the
 * seed and the expected answer per page and writes the markers and the program again when asked.
 *
 * <p>Every box's size is a whole number of CSS pixels by construction (a flex row's free space is a
 * multiple of its grow factors' sum), so every layout engine, at any page zoom, measures the same; the
 * styles are set {@code !important} through the CSSOM on elements of a tag named for the page, so the
 * page's own style sheets change nothing and its Content-Security-Policy does not apply.
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
    /**
     * The styles every probe box starts from: every property at its initial value ({@code all}, set first), then
     * the two {@code all} leaves alone, so nothing a page's style sheet sets ({@code * { direction: rtl }}, a
     * gap, a scroll bar, {@code content-visibility}) reaches a box; the rest says what is measured.
     */
    private static final String RESET = "{all:'initial',direction:'ltr','unicode-bidi':'normal',display:'block',"
            + "visibility:'hidden','box-sizing':'content-box','min-width':'0px',height:'1px',zoom:'1'}";

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
        String tag = "x-" + word(r, 5);
        js.append("var D=window.document,T='").append(tag).append("',R=").append(RESET).append(',')
                .append("H=D.createElement(T);q(H,R);q(H,{position:'absolute',left:'0px',top:'0px',width:'1000px',"
                        + "height:'0px',overflow:'hidden'});")
                // a page whose root is not laid out (display: none) measures every box 0: said here, not sent as a
                // wrong answer that the server would tell as a script's
                .append("D.documentElement.appendChild(H);try{if(H.offsetWidth!==1000)throw new Error('palisade.js: the page"
                        + " challenge cannot measure its boxes (is the page itself hidden, display: none?)');");
        int probes = 2 + r.nextInt(2);
        for (int i = 0; i < probes; i++) {
            int measured;
            String box;
            switch (r.nextInt(3)) {
                case 0 -> { // a flex row: one child's share of the free space
                    int children = 2 + r.nextInt(3);
                    int[] basis = new int[children];
                    int[] grow = new int[children];
                    int sum = 0;
                    int growSum = 0;
                    for (int c = 0; c < children; c++) {
                        basis[c] = 5 + r.nextInt(56);
                        grow[c] = 1 + r.nextInt(4);
                        sum += basis[c];
                        growSum += grow[c];
                    }
                    int unit = 1 + r.nextInt(20);
                    int pick = r.nextInt(children);
                    measured = basis[pick] + unit * grow[pick];
                    js.append("var c=B(H,{display:'flex',width:'").append(sum + unit * growSum).append("px','flex-flow':'row nowrap'}),k=[");
                    for (int c = 0; c < children; c++) {
                        js.append(c == 0 ? "" : ",").append("B(c,{flex:'").append(grow[c]).append(" 0 ").append(basis[c]).append("px'})");
                    }
                    box = "k[" + pick + "].offsetWidth";
                }
                case 1 -> { // a box's width between its min and max, with its paddings (no borders: a browser draws them in
                    // whole device pixels, so at a zoom of 110 % a border of 3px is not 3px)
                    int w = 20 + r.nextInt(181);
                    int min = 20 + r.nextInt(181);
                    int max = 20 + r.nextInt(181);
                    int pl = r.nextInt(21);
                    int pr = r.nextInt(21);
                    measured = Math.max(min, Math.min(w, max)) + pl + pr; // a min above the max wins (CSS 2, 10.4)
                    js.append("var k=[B(H,{width:'").append(w).append("px','min-width':'").append(min).append("px','max-width':'")
                            .append(max).append("px','padding-left':'").append(pl).append("px','padding-right':'").append(pr)
                            .append("px'})");
                    box = "k[0].offsetWidth";
                }
                default -> { // an offset inside a positioned box: its padding and the child's margin
                    int pl = r.nextInt(41);
                    int ml = r.nextInt(41);
                    measured = pl + ml;
                    js.append("var c=B(H,{position:'relative','padding-left':'").append(pl).append("px'}),k=[B(c,{width:'10px',")
                            .append("'margin-left':'").append(ml).append("px'})");
                    box = "k[0].offsetLeft";
                }
            }
            int odd = r.nextInt() | 1;
            boolean laneA = r.nextBoolean();
            String lane = laneA ? "a" : "b";
            js.append("];").append(lane).append("=Math.imul(").append(lane).append('^').append(box).append(',').append(odd).append(");");
            if (laneA) a = (a ^ measured) * odd;
            else b = (b ^ measured) * odd;
        }
        js.append("}finally{D.documentElement.removeChild(H);}");
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
                + "function q(e,s){for(var k in s)e.style.setProperty(k,s[k],'important');return e;}"
                + "function B(p,s){var e=q(q(D.createElement(T),R),s);p.appendChild(e);return e;}"
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
