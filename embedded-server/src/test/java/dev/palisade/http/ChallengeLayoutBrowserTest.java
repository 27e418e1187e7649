package dev.palisade.http;

import dev.palisade.engine.JsonText;
import dev.palisade.engine.bootstrap.ChallengeProgram;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The page challenge's Java twin computes exactly what its program computes in a real browser, layout
 * included: for many seeds, on a plain page, on a page whose style sheet sets every property the boxes
 * depend on, and at another device pixel ratio.
 */
class ChallengeLayoutBrowserTest {

    /** A page's style sheet at its most hostile to the probe boxes: all of it, !important. */
    private static final String HOSTILE = "* { padding: 7px !important; margin: 3px 5px !important; box-sizing: border-box"
            + " !important; border: 2px solid red !important; display: inline !important; width: 50% !important;"
            + " flex: 9 9 1px !important; min-width: 33px !important; max-width: 40px !important; position: fixed"
            + " !important; transform: scale(2) !important; height: 0 !important; float: right !important;"
            + " direction: rtl !important; writing-mode: vertical-lr !important; gap: 13px !important; overflow: scroll"
            + " !important; columns: 2 !important; aspect-ratio: 3 !important; contain: strict !important;"
            + " unicode-bidi: bidi-override !important; }"
            + " html { zoom: ZOOM; } body { zoom: 3; }";

    @TempDir
    Path profile;
    private ChromeDriver browser;

    @AfterEach
    void stop() {
        if (browser != null) browser.quit();
    }

    @Test
    void theBrowserComputesWhatTheServerExpectsOnAPlainPage() {
        browser = Browser.start(profile);
        assertThat(answers(300, new SplittableRandom(42), "")).isEqualTo(expected(300, new SplittableRandom(42)));
    }

    /** A rule for every element reached the boxes past the holder's own styles: {@code * { direction: rtl }} moved an offset. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"1", "0.9", "1.1", "1.25"})
    void aPagesOwnStyleSheetChangesNoAnswer(String zoom) {
        browser = Browser.start(profile);
        assertThat(answers(100, new SplittableRandom(7), HOSTILE.replace("ZOOM", zoom))).isEqualTo(expected(100, new SplittableRandom(7)));
    }

    /** A page whose root is not laid out measures every box 0: the program says so instead of sending a wrong answer. */
    @Test
    void aPageThatIsNotLaidOutIsToldNotAnswered() {
        browser = Browser.start(profile);
        browser.get("data:text/html,<!doctype html><html><head></head><body></body></html>");
        ChallengeProgram p = ChallengeProgram.generate(3);
        Object told = ((JavascriptExecutor) browser).executeScript("document.documentElement.style.display = 'none';"
                + "(0, eval)(arguments[0]); try { return 'answered ' + window.PalisadeChallenges.n(document); }"
                + " catch (e) { return e.message; }", p.script("n"));
        assertThat(String.valueOf(told)).contains("cannot measure its boxes");
    }

    /** A page zoomed to 110 % lays out at a ratio of 1.1: a border of 3px was drawn as 3 device pixels, 2.7px. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"0.9", "1.1", "1.25", "1.5", "1.75", "2.5"})
    void anotherDevicePixelRatioChangesNoAnswer(String ratio) {
        browser = Browser.start(profile, "--force-device-scale-factor=" + ratio);
        assertThat(answers(100, new SplittableRandom(9), "")).isEqualTo(expected(100, new SplittableRandom(9)));
    }

    private static List<String> expected(int pages, SplittableRandom seeds) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < pages; i++) out.add(ChallengeProgram.generate(seeds.nextLong()).answer());
        return out;
    }

    /** Each page's markers put into the head, its script run, its program called with the document; then removed. */
    @SuppressWarnings("unchecked")
    private List<String> answers(int pages, SplittableRandom seeds, String css) {
        browser.get("data:text/html,<!doctype html><html><head><title>t</title></head><body><p>page</p></body></html>");
        StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < pages; i++) {
            ChallengeProgram p = ChallengeProgram.generate(seeds.nextLong());
            json.append(i == 0 ? "" : ",").append("{\"nonce\":\"n").append(i).append("\",\"script\":")
                    .append(JsonText.quote(p.script("n" + i))).append(",\"markers\":[");
            for (int m = 0; m < p.markers().size(); m++) {
                json.append(m == 0 ? "" : ",").append("[\"").append(p.markers().get(m).name()).append("\",\"")
                        .append(p.markers().get(m).content()).append("\"]");
            }
            json.append("]}");
        }
        String run = """
                var style = document.createElement('style'); style.textContent = arguments[1]; document.head.appendChild(style);
                var out = [];
                JSON.parse(arguments[0]).forEach(function (page) {
                  var metas = page.markers.map(function (m) {
                    var e = document.createElement('meta'); e.name = m[0]; e.content = m[1]; document.head.appendChild(e); return e;
                  });
                  (0, eval)(page.script);
                  out.push(window.PalisadeChallenges[page.nonce](document));
                  metas.forEach(function (e) { e.remove(); });
                });
                return out;
                """;
        return (List<String>) ((JavascriptExecutor) browser).executeScript(run, json.append(']').toString(), css);
    }
}
