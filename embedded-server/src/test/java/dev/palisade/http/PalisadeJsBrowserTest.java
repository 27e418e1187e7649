package dev.palisade.http;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * palisade.js's own API (json, fetch, refresh, logout, backboneSync) driven from a script in the demo
 * page, in a real headless browser, against a real server: the edges a person's clicks rarely reach.
 */
class PalisadeJsBrowserTest {

    @TempDir
    Path dir;
    @TempDir
    Path profile;
    private ServerFixture s;
    private WebDriver browser;

    @BeforeEach
    void start() {
        s = new ServerFixture(dir, dev.palisade.engine.MutableClock.realTime()); // the browser signs with real time
        s.ensureUser("alice");
        browser = Browser.person(profile);
        browser.get(s.api("/"));
        browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
    }

    @AfterEach
    void stop() {
        if (browser != null) browser.quit();
        if (s != null) s.close();
    }

    /**
     * Runs {@code script} in the page as the body of a function of {@code c}, a client of its own logged in
     * as alice; answers "ok " and what the promise it returns resolves to, or "error " and the message.
     */
    private String loggedIn(String script) {
        return String.valueOf(((JavascriptExecutor) browser).executeAsyncScript(
                "var done = arguments[arguments.length - 1];"
                + "var c = Palisade.create();"
                + "c.login('alice', '" + ServerFixture.PASSWORD + "').then(function () {"
                + "  return (function (c) {" + script + "})(c);"
                + "}).then(function (v) { done('ok ' + v); }, function (e) { done('error ' + e.message); });"));
    }

    @Test
    void aTargetWithAnEmptyQueryIsSignedOverItsQuery() {
        // new URL('/api/notes?').search is '', yet the request line keeps the '?': the server asks @query of it
        assertThat(loggedIn("return c.json('/api/notes?').then(function (b) { return b.items.length; });"))
                .isEqualTo("ok 0");
        assertThat(loggedIn("return c.json('/api/notes?#top').then(function (b) { return b.items.length; });"))
                .isEqualTo("ok 0");
    }
}
