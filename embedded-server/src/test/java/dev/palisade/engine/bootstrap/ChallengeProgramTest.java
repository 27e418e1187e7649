package dev.palisade.engine.bootstrap;

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
     * document builds elements as jsdom and happy-dom do: styles kept, every box measured 0.
     */
    private static final String RUNNER = """
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
                const element = () => ({ style: { setProperty() {} }, appendChild() {}, removeChild() {},
                  offsetWidth: 0, offsetLeft: 0 });
                globalThis.window = { document: { createElement: element, documentElement: element() } };
                (0, eval)(page.script);
                out.push(window.PalisadeChallenges[page.nonce](doc));
              }
              console.log(JSON.stringify(out));
            });
            """;

    @Test
    void aDocumentWithoutLayoutAnswersNoPage() throws Exception {
        if (!Files.isExecutable(NODE)) {
            if (System.getenv("CI") != null) throw new IllegalStateException("CI needs node for this test (apt-get install nodejs)");
            Assumptions.assumeTrue(false, "node is not installed");
        }
        List<String> expected = new ArrayList<>();
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
        String out = run(pages.append(']').toString()).trim();
        List<String> answers = List.of(out.replaceAll("[\\[\\]\"]", "").split(","));
        assertThat(answers).as(out).hasSize(expected.size()).allSatisfy(a -> assertThat(a).matches("[0-9a-f]{16}"));
        for (int i = 0; i < answers.size(); i++) {
            assertThat(answers.get(i)).as("page %d, answered by the stand-in", i).isNotEqualTo(expected.get(i));
        }
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

    private static String run(String stdin) throws Exception {
        Path script = Files.createTempFile("challenge", ".js");
        try {
            Files.writeString(script, RUNNER);
            Process p = new ProcessBuilder(NODE.toString(), script.toString()).redirectErrorStream(true).start();
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
