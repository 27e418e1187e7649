package dev.palisade.console.scenarios;

import org.openqa.selenium.chrome.ChromeDriver;

import java.nio.file.Path;
import java.util.Set;

/**
 * L5: a real browser driven by WebDriver with its defaults ({@code navigator.webdriver} true). It
 * passes the work and the challenge, as any browser does, so the promise is that the operator sees
 * it: its session is flagged {@code automation_suspected} (refused when the policy denies automation).
 */
final class AutomatedBrowser extends BrowserScenario {

    AutomatedBrowser(int number) {
        super(number, "Automated browser", Level.AUTOMATED_BROWSER,
                "headless Chromium driven by Selenium with default options logs in through the form and adds a note",
                "automation signals (flagged)", Set.of(FLAG));
    }

    @Override
    ChromeDriver browser(Path profileDir, TrustedCertificate trusted) { return Chromium.automated(profileDir, trusted); }

    @Override
    String work(DemoPage page, String user) throws DemoPage.Stuck {
        page.addNote("scraped " + System.currentTimeMillis(), "by a bot");
        page.logOut();
        return "/api/notes";
    }
}
