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
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(DRIVER.toString())).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }
}
