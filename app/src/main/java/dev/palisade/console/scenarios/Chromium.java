package dev.palisade.console.scenarios;

import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A headless Chromium (or Chrome) driven by Selenium, with both binaries named explicitly (Selenium would otherwise
 * try to download a driver): {@code PALISADE_CHROMIUM} and {@code PALISADE_CHROMEDRIVER} when set, else the first of
 * the usual names on the PATH (Debian's {@code /usr/bin/chromium} and {@code /usr/bin/chromedriver} among them). Two
 * faces: the automated browser as WebDriver leaves it ({@code navigator.webdriver} true), and a person's browser as
 * far as a page can tell.
 */
final class Chromium {

    private static final List<String> BROWSERS = List.of("chromium", "chromium-browser", "google-chrome", "google-chrome-stable");
    private static final List<String> DRIVERS = List.of("chromedriver");
    private static final String FALLBACK_MAJOR = "130";

    private Chromium() {}

    /** The browser and its driver found here (either null when none is), looked up once: the environment is the JVM's. */
    private static final Found HERE = Found.in(System.getenv());

    /** Where the two binaries are, and why not when one is missing. */
    record Found(Path browser, Path driver, String missing) {

        /** Looks both up in {@code env}: its overrides, else its PATH. */
        static Found in(Map<String, String> env) {
            Path browser = find(env, "PALISADE_CHROMIUM", BROWSERS);
            Path driver = find(env, "PALISADE_CHROMEDRIVER", DRIVERS);
            String advice = " (on Debian and Ubuntu: apt-get install chromium chromium-driver; elsewhere install Chromium or"
                    + " Chrome and the chromedriver of its version, and name them in PALISADE_CHROMIUM and"
                    + " PALISADE_CHROMEDRIVER if they are not on the PATH)";
            String missing = browser == null ? where(env, "PALISADE_CHROMIUM", BROWSERS) + " is missing" + advice
                    : driver == null ? where(env, "PALISADE_CHROMEDRIVER", DRIVERS) + " is missing" + advice : null;
            return new Found(browser, driver, missing);
        }

        private static Path find(Map<String, String> env, String override, List<String> names) {
            String named = env.get(override);
            if (named != null && !named.isBlank()) {
                Path p = Path.of(named.strip());
                return Files.isExecutable(p) ? p : null;
            }
            for (String dir : env.getOrDefault("PATH", "").split(File.pathSeparator)) {
                if (dir.isBlank()) continue;
                for (String name : names) {
                    Path p = Path.of(dir, name);
                    if (Files.isExecutable(p) && !Files.isDirectory(p)) return p;
                }
            }
            return null;
        }

        /** What was looked for, for a person: the override's file, or the names on the PATH. */
        private static String where(Map<String, String> env, String override, List<String> names) {
            String named = env.get(override);
            if (named != null && !named.isBlank()) return override + "=" + named.strip();
            return String.join(" or ", names) + " on the PATH";
        }
    }

    /** Why no browser can run here, or null when one can. */
    static String missing() {
        return HERE.missing();
    }

    /** WebDriver's defaults, as careless automation leaves them. */
    static ChromeDriver automated(Path profileDir, TrustedCertificate trusted) {
        return start(options(profileDir, trusted));
    }

    /**
     * Automation hidden as a person's browser would show none: no {@code navigator.webdriver}, and a
     * desktop Chrome User-Agent whose major version agrees with the client hints Chromium sends.
     */
    static ChromeDriver person(Path profileDir, TrustedCertificate trusted) {
        ChromeOptions options = options(profileDir, trusted);
        options.addArguments("--disable-blink-features=AutomationControlled", "--user-agent=Mozilla/5.0 (X11; Linux x86_64)"
                + " AppleWebKit/537.36 (KHTML, like Gecko) Chrome/" + major() + ".0.0.0 Safari/537.36");
        return start(options);
    }

    private static ChromeOptions options(Path profileDir, TrustedCertificate trusted) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(HERE.browser().toFile());
        // a container has no display, no sandbox privileges and a small /dev/shm
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--user-data-dir=" + profileDir);
        // the development server's key alone, not every certificate error: a page from elsewhere is still checked
        if (trusted != null) options.addArguments("--ignore-certificate-errors-spki-list=" + trusted.spkiSha256());
        return options;
    }

    private static ChromeDriver start(ChromeOptions options) {
        // Selenium warns that it has no DevTools bindings for this Chromium; plain WebDriver needs none
        java.util.logging.Logger.getLogger("org.openqa.selenium").setLevel(java.util.logging.Level.SEVERE);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(HERE.driver().toFile()).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    /** The installed Chromium's major version, read from {@code chromium --version}. */
    static String major() {
        try {
            Process p = new ProcessBuilder(HERE.browser().toString(), "--version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            Matcher m = Pattern.compile("(?:Chromium|Chrome) (\\d+)\\.").matcher(out);
            return m.find() ? m.group(1) : FALLBACK_MAJOR;
        } catch (IOException e) {
            return FALLBACK_MAJOR;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return FALLBACK_MAJOR;
        }
    }
}
