package dev.palisade.console.scenarios;

import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian's headless Chromium driven by Selenium, with both binaries named explicitly (Selenium would
 * otherwise try to download a driver). Two faces: the automated browser as WebDriver leaves it
 * ({@code navigator.webdriver} true), and a person's browser as far as a page can tell.
 */
final class Chromium {

    static final Path BINARY = Path.of("/usr/bin/chromium");
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    private static final String FALLBACK_MAJOR = "130";

    private Chromium() {}

    /** Why no browser can run here, or null when one can. */
    static String missing() {
        if (!Files.isExecutable(BINARY)) return BINARY + " is missing (apt-get install chromium chromium-driver)";
        if (!Files.isExecutable(DRIVER)) return DRIVER + " is missing (apt-get install chromium-driver)";
        return null;
    }

    /** WebDriver's defaults, as careless automation leaves them. */
    static ChromeDriver automated(Path profileDir) {
        return start(options(profileDir));
    }

    /**
     * Automation hidden as a person's browser would show none: no {@code navigator.webdriver}, and a
     * desktop Chrome User-Agent whose major version agrees with the client hints Chromium sends.
     */
    static ChromeDriver person(Path profileDir) {
        ChromeOptions options = options(profileDir);
        options.addArguments("--disable-blink-features=AutomationControlled", "--user-agent=Mozilla/5.0 (X11; Linux x86_64)"
                + " AppleWebKit/537.36 (KHTML, like Gecko) Chrome/" + major() + ".0.0.0 Safari/537.36");
        return start(options);
    }

    private static ChromeOptions options(Path profileDir) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BINARY.toFile());
        // a container has no display, no sandbox privileges and a small /dev/shm
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--user-data-dir=" + profileDir);
        return options;
    }

    private static ChromeDriver start(ChromeOptions options) {
        // Selenium warns that it has no DevTools bindings for this Chromium; plain WebDriver needs none
        java.util.logging.Logger.getLogger("org.openqa.selenium").setLevel(java.util.logging.Level.SEVERE);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(DRIVER.toString())).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    /** The installed Chromium's major version, read from {@code chromium --version}. */
    static String major() {
        try {
            Process p = new ProcessBuilder(BINARY.toString(), "--version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            Matcher m = Pattern.compile("Chromium (\\d+)\\.").matcher(out);
            return m.find() ? m.group(1) : FALLBACK_MAJOR;
        } catch (IOException e) {
            return FALLBACK_MAJOR;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return FALLBACK_MAJOR;
        }
    }
}
