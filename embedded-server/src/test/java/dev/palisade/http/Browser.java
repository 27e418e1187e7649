package dev.palisade.http;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Headless Debian Chromium driven by Selenium, with its binaries named explicitly (Selenium would
 * otherwise try to download a driver). CI installs Chromium, so there a missing browser fails the
 * test; on a developer machine without it, browser tests are skipped with the install hint.
 */
final class Browser {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    private Browser() {}

    static ChromeDriver start(Path profileDir) {
        return start(profileDir, false);
    }

    /** A driven browser started with more Chromium switches. */
    static ChromeDriver start(Path profileDir, String... switches) {
        return start(profileDir, false, switches);
    }

    /**
     * A person's browser as far as a page can tell: WebDriver drives it, but with
     * {@code navigator.webdriver} false and a desktop Chrome User-Agent, as the attacker ladder's L6.
     */
    static ChromeDriver person(Path profileDir) {
        return start(profileDir, true);
    }

    /** A person's browser started with more Chromium switches (a certificate to trust, a host name to map). */
    static ChromeDriver person(Path profileDir, String... switches) {
        return start(profileDir, true, switches);
    }

    private static ChromeDriver start(Path profileDir, boolean person, String... switches) {
        // Selenium warns that it has no DevTools bindings for this Chromium; plain WebDriver needs none
        java.util.logging.Logger.getLogger("org.openqa.selenium").setLevel(java.util.logging.Level.SEVERE);
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER);
        if (!present) {
            String hint = "browser tests need Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)";
            if (System.getenv("CI") != null) throw new IllegalStateException(hint);
            Assumptions.assumeTrue(false, hint);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--disable-quic", "--user-data-dir=" + profileDir);
        options.addArguments(switches);
        if (person) {
            options.addArguments("--disable-blink-features=AutomationControlled", "--user-agent=Mozilla/5.0 (X11; Linux x86_64)"
                    + " AppleWebKit/537.36 (KHTML, like Gecko) Chrome/" + chromiumMajor() + ".0.0.0 Safari/537.36");
        }
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(DRIVER.toString())).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    /** The installed Chromium's major version, so the person's User-Agent agrees with its client hints. */
    static String chromiumMajor() {
        try {
            Process p = new ProcessBuilder(CHROMIUM.toString(), "--version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            p.waitFor();
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)\\.\\d+").matcher(out);
            return m.find() ? m.group(1) : "130";
        } catch (java.io.IOException e) {
            return "130";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "130";
        }
    }
}
