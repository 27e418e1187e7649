package dev.palisade.engine.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The page challenge in node against a stand-in for the page's DOM, as an independent probe answered it (a
 * script that runs the served program against ten lines of fake {@code document}): with its layout probes, a
 * DOM without layout no longer answers. That the Java twin computes what the program computes in a browser is
 * {@code dev.palisade.http.ChallengeLayoutBrowserTest}'s.
 */
class ChallengeProgramTest {

    private static final Path NODE = Path.of("/usr/bin/node");

    /**
     * A document that answers the two queries a program makes, from the page's markers, and a window whose
     * document builds elements as jsdom and happy-dom do (styles kept, every box measured 0) or, with a layout
     * model of the three rules the boxes follow (a flex row's shares, a width between a min and a max with its
     * paddings, a padding and a margin before an offset), as a browser measures them.
     */
    private static final String RUNNER = """
            const mode = process.argv[2];
            const layout = mode === 'layout' || mode === 'nomin';
            const px = v => v === undefined || v === 'auto' || v === 'none' || v === 'initial' ? null : parseInt(v, 10);
            function element() {
              const e = { style: {}, children: [], parent: null,
                appendChild(c) { c.parent = e; e.children.push(c); }, removeChild() {} };
              e.style.setProperty = (k, v) => { e.style[k] = v; };
              Object.defineProperty(e, 'offsetWidth', { get() {
                if (mode === 'holder') return e.style.position === 'absolute' && e.style.width === '1000px' ? 1000 : 0;
                if (!layout) return 0;
                const s = e.style;
                if (e.parent && e.parent.style.display === 'flex') {
                  const row = e.parent.children.map(c => c.style.flex.split(' '));
                  const free = px(e.parent.style.width) - row.reduce((t, f) => t + parseInt(f[2], 10), 0);
                  const grows = row.reduce((t, f) => t + parseInt(f[0], 10), 0);
                  const f = s.flex.split(' ');
                  return parseInt(f[2], 10) + free * parseInt(f[0], 10) / grows;
                }
                const w = Math.max(mode === 'nomin' ? 0 : px(s['min-width']) || 0, Math.min(px(s.width), px(s['max-width']) ?? Infinity));
                return w + (px(s['padding-left']) || 0) + (px(s['padding-right']) || 0);
              } });
              Object.defineProperty(e, 'offsetLeft', { get() {
                return layout ? (px(e.parent.style['padding-left']) || 0) + (px(e.style['margin-left']) || 0) : 0;
              } });
              return e;
            }
            let input = '';
            process.stdin.on('data', d => input += d).on('end', () => {
              const out = [];
              for (const page of JSON.parse(input)) {
                const doc = {
                  querySelector(sel) {
                    const name = /name="([^"]+)"/.exec(sel)[1];
                    const m = page.markers.find(x => x[0] === name);
                    return m ? { getAttribute: () => m[1] } : null;
                  },
                  querySelectorAll(sel) {
                    const prefix = /name\\^="([^"]+)"/.exec(sel)[1];
                    return page.markers.filter(x => x[0].startsWith(prefix));
                  }
                };
                globalThis.window = { document: { createElement: element, documentElement: element() } };
                (0, eval)(page.script);
                try {
                  out.push(window.PalisadeChallenges[page.nonce](doc));
                } catch (e) {
                  out.push('thrown: ' + e.message);
                }
              }
              console.log(JSON.stringify(out));
            });
            """;

    /** jsdom, happy-dom, ten lines of stand-in: none lays out, and no page is answered (the program says why). */
    @Test
    void aDocumentWithoutLayoutAnswersNoPage() throws Exception {
        List<String> expected = new ArrayList<>();
        List<String> answers = answers("none", expected);
        assertThat(answers).hasSize(expected.size())
                .allSatisfy(a -> assertThat(a).startsWith("thrown: palisade.js: the page challenge cannot measure its boxes"));
    }

    /** The Java twin computes what the program computes given the layout a browser gives (ChallengeLayoutBrowserTest's). */
    @Test
    void givenTheBoxesLayoutTheProgramAndItsJavaTwinAgree() throws Exception {
        List<String> expected = new ArrayList<>();
        List<String> answers = answers("layout", expected);
        assertThat(answers).isEqualTo(expected);
        assertThat(answers).allSatisfy(a -> assertThat(a).matches("[0-9a-f]{16}"));
    }

    /** 500 pages' programs run in node with the stand-in document in {@code mode}; their expected answers into {@code expected}. */
    private static List<String> answers(String mode, List<String> expected) throws Exception {
        if (!Files.isExecutable(NODE)) {
            if (System.getenv("CI") != null) throw new IllegalStateException("CI needs node for this test (apt-get install nodejs)");
            Assumptions.assumeTrue(false, "node is not installed");
        }
        StringBuilder pages = new StringBuilder("[");
        java.util.SplittableRandom seeds = new java.util.SplittableRandom(42);
        for (int i = 0; i < 500; i++) {
            ChallengeProgram p = ChallengeProgram.generate(seeds.nextLong());
            expected.add(p.answer());
            pages.append(i == 0 ? "" : ",").append("{\"nonce\":\"n").append(i).append("\",\"script\":")
                    .append(dev.palisade.engine.JsonText.quote(p.script("n" + i))).append(",\"markers\":[");
            for (int m = 0; m < p.markers().size(); m++) {
                pages.append(m == 0 ? "" : ",").append("[\"").append(p.markers().get(m).name()).append("\",\"")
                        .append(p.markers().get(m).content()).append("\"]");
            }
            pages.append("]}");
        }
        JsonNode out = new ObjectMapper().readTree(run(pages.append(']').toString(), mode).trim());
        List<String> answers = new ArrayList<>();
        out.forEach(a -> answers.add(a.asText()));
        return answers;
    }

    /**
     * A stand-in that answers the holder's check (1000 px wide) but measures every probe box 0, as a script that
     * knows the check would: every page's answer is still wrong, so each page's boxes carry its answer.
     */
    @Test
    void aStandInThatPassesTheHoldersCheckButLaysOutNoBoxAnswersNoPage() throws Exception {
        List<String> expected = new ArrayList<>();
        List<String> answers = answers("holder", expected);
        assertThat(answers).hasSize(expected.size()).allSatisfy(a -> assertThat(a).matches("[0-9a-f]{16}"));
        for (int i = 0; i < answers.size(); i++) assertThat(answers.get(i)).as("page " + i).isNotEqualTo(expected.get(i));
    }

    /** A layout model without the min-width rule (a min above the max wins) answers some pages wrong: the rule is used. */
    @Test
    void aLayoutModelWithoutTheMinWidthRuleAnswersSomePagesWrong() throws Exception {
        List<String> expected = new ArrayList<>();
        List<String> answers = answers("nomin", expected);
        assertThat(answers).hasSize(expected.size());
        long wrong = java.util.stream.IntStream.range(0, answers.size()).filter(i -> !answers.get(i).equals(expected.get(i))).count();
        assertThat(wrong).isPositive();
    }

    /** Every page measures two or three boxes, and both counts occur. */
    @Test
    void everyPageMeasuresTwoOrThreeBoxes() {
        Set<Integer> counts = new HashSet<>();
        for (long seed = 1; seed <= 200; seed++) {
            String script = ChallengeProgram.generate(seed).script("n");
            int probes = script.split("\\]\\.offset(Width|Left),", -1).length - 1;
            assertThat(probes).as("seed " + seed).isBetween(2, 3);
            counts.add(probes);
        }
        assertThat(counts).containsExactlyInAnyOrder(2, 3);
    }

    /** The page's markers are not in the order the program reads them (it reads them in the order they were drawn). */
    @Test
    void theMarkersStandInAnotherOrderThanTheProgramReadsThem() {
        int shuffled = 0;
        for (long seed = 1; seed <= 50; seed++) {
            ChallengeProgram p = ChallengeProgram.generate(seed);
            String script = p.script("n");
            List<String> read = p.markers().stream().map(ChallengeProgram.Marker::name)
                    .sorted(java.util.Comparator.comparingInt(name -> script.indexOf("m(\"" + name + "\""))).toList();
            if (!read.equals(p.markers().stream().map(ChallengeProgram.Marker::name).toList())) shuffled++;
        }
        assertThat(shuffled).isGreaterThan(40);
    }

    @Test
    void programsDifferFromPageToPageAndFollowFromTheirSeed() {
        Set<String> scripts = new HashSet<>();
        Set<String> answers = new HashSet<>();
        for (long seed = 1; seed <= 200; seed++) {
            ChallengeProgram p = ChallengeProgram.generate(seed);
            scripts.add(p.script("n"));
            answers.add(p.answer());
            assertThat(p.prefix()).matches("p[a-z0-9]{3}-");
            assertThat(p.markers()).hasSizeBetween(6, 10).allSatisfy(m -> assertThat(m.name()).startsWith(p.prefix()));
        }
        // both halves of every answer carry the page: a lane multiplied by an even number could end at 0
        assertThat(answers).noneMatch(a -> a.startsWith("00000000") || a.endsWith("00000000"));
        assertThat(scripts).hasSize(200);
        assertThat(answers).hasSize(200);
        assertThat(ChallengeProgram.generate(7).script("n")).isEqualTo(ChallengeProgram.generate(7).script("n"));
        assertThat(ChallengeProgram.generate(7).answer()).isEqualTo(ChallengeProgram.generate(7).answer());
    }

    private static String run(String stdin, String mode) throws Exception {
        Path script = Files.createTempFile("challenge", ".js");
        try {
            Files.writeString(script, RUNNER);
            Process p = new ProcessBuilder(NODE.toString(), script.toString(), mode).redirectErrorStream(true).start();
            p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(out).isZero();
            return out;
        } finally {
            Files.deleteIfExists(script);
        }
    }
}
