package dev.palisade.engine.auth;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Each automation signal fires on the smallest change from a person's browser, and only then. */
class AutomationSignalsTest {

    private static final String CHROME = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/142.0.0.0 Safari/537.36";
    private static final String HINTS = "\"Chromium\";v=\"142\", \"Not_A Brand\";v=\"24\"";
    private static final Map<String, Boolean> CLEAN = Map.of("webdriver", false, "headless", false, "no_languages", false);

    private static Map<String, String> chrome() {
        Map<String, String> h = new HashMap<>();
        h.put("user-agent", CHROME);
        h.put("sec-fetch-mode", "cors");
        h.put("sec-fetch-site", "same-origin");
        h.put("sec-ch-ua", HINTS);
        return h;
    }

    private static String of(Map<String, Boolean> reported, Map<String, String> headers) {
        return AutomationSignals.evaluate(reported, headers::get, false);
    }

    @Test
    void aPersonsChromeAndFirefoxFireNothing() {
        assertThat(of(CLEAN, chrome())).isEmpty();
        Map<String, String> firefox = chrome();
        firefox.put("user-agent", "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0");
        firefox.remove("sec-ch-ua");
        assertThat(of(CLEAN, firefox)).as("Firefox sends no client hints").isEmpty();
        assertThat(of(Map.of(), chrome())).as("members not reported are not signals").isEmpty();
    }

    @Test
    void eachReportedMemberFiresOnlyWhenTrueAndOthersAreIgnored() {
        assertThat(of(Map.of("webdriver", true), chrome())).isEqualTo("webdriver");
        assertThat(of(Map.of("no_languages", true, "headless", true), chrome())).isEqualTo("headless,no_languages");
        assertThat(of(Map.of("cdc_adoQpoasnfa76pfcZLmcfl", true, "webdriver", false), chrome())).isEmpty();
        assertThat(of(null, chrome())).isEqualTo("signals_missing");
    }

    @Test
    void aBrowserUserAgentWithoutSecFetchHeadersIsAScript() {
        Map<String, String> h = chrome();
        h.remove("sec-fetch-mode");
        assertThat(of(CLEAN, h)).isEqualTo("no_sec_fetch");
        h = chrome();
        h.remove("sec-fetch-site");
        assertThat(of(CLEAN, h)).isEqualTo("no_sec_fetch");
    }

    /** A script that does not pretend to be a browser was judged by nothing: palisade.js runs only in browsers. */
    @Test
    void aUserAgentThatIsNoBrowsersOrNoneIsNotTheClient() {
        assertThat(of(CLEAN, Map.of("user-agent", "node"))).isEqualTo("not_a_browser");
        assertThat(of(CLEAN, Map.of("user-agent", "curl/8.5.0"))).isEqualTo("not_a_browser");
        assertThat(of(CLEAN, Map.of("user-agent", ""))).isEqualTo("not_a_browser");
        assertThat(of(CLEAN, Map.of())).as("no User-Agent at all").isEqualTo("not_a_browser");
        Map<String, String> h = chrome();
        h.put("user-agent", "mozilla/5.0 " + CHROME.substring(12));
        assertThat(of(CLEAN, h)).as("no browser writes it in lower case").isEqualTo("not_a_browser");
        assertThat(AutomationSignals.evaluate(CLEAN, Map.of("user-agent", "okhttp/4.12.0")::get, true))
                .as("a tool with a debug token need not say it is a browser").isEmpty();
    }

    /** What prices a caller's next page: only what no person's browser gives. */
    @Test
    void onlyTheSignalsNoPersonsBrowserGivesAreSure() {
        assertThat(AutomationSignals.sure("headless,webdriver")).isTrue();
        assertThat(AutomationSignals.sure("not_a_browser")).isTrue();
        assertThat(AutomationSignals.sure("no_sec_fetch,signals_missing")).isTrue();
        assertThat(AutomationSignals.sure("no_sec_fetch")).as("an old Safari").isFalse();
        assertThat(AutomationSignals.sure("client_hints_mismatch,no_client_hints,no_languages")).isFalse();
        assertThat(AutomationSignals.sure("")).isFalse();
        assertThat(AutomationSignals.sure("no_languages,webdriver")).as("the last of several").isTrue();
        assertThat(AutomationSignals.sure("webdrivers,xheadless,headles")).as("a name only whole").isFalse();
    }

    @Test
    void headlessShowsInTheUserAgentOrInTheHints() {
        Map<String, String> h = chrome();
        h.put("user-agent", CHROME.replace("Chrome/", "HeadlessChrome/"));
        h.put("sec-ch-ua", "\"Chromium\";v=\"142\", \"HeadlessChrome\";v=\"142\"");
        assertThat(of(CLEAN, h)).isEqualTo("headless");
        h = chrome();
        h.put("sec-ch-ua", "\"HeadlessChrome\";v=\"142\"");
        assertThat(of(CLEAN, h)).isEqualTo("headless");
    }

    @Test
    void chromiumWithoutHintsOrWithAnotherVersionIsForged() {
        Map<String, String> h = chrome();
        h.remove("sec-ch-ua");
        assertThat(of(CLEAN, h)).isEqualTo("no_client_hints");
        h = chrome();
        h.put("sec-ch-ua", HINTS.replace("\"142\"", "\"141\""));
        assertThat(of(CLEAN, h)).isEqualTo("client_hints_mismatch");
        h.put("sec-ch-ua", "\"Not_A Brand\";v=\"142\"");
        assertThat(of(CLEAN, h)).as("a GREASE brand alone names no version").isEqualTo("client_hints_mismatch");
        h.put("sec-ch-ua", "\"Google Chrome\";v=\"141\", \"Chromium\";v=\"142\", \"Not)A;Brand\";v=\"99\"");
        assertThat(of(CLEAN, h)).as("one real brand with the version is enough").isEmpty();
        h.put("sec-ch-ua", "\"Not Chrome\";v=\"142\"");
        assertThat(of(CLEAN, h)).as("'Not' without 'Brand' is a brand").isEmpty();
        h.put("sec-ch-ua", "garbage");
        assertThat(of(null, h)).isEqualTo("client_hints_mismatch,signals_missing");
    }
}
