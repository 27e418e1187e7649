package dev.palisade.console.scenarios;

import org.openqa.selenium.chrome.ChromeDriver;

import java.nio.file.Path;
import java.util.Set;

/**
 * L6: a person in a browser (headless Chromium with automation hidden) doing what the API is for:
 * log in, write a note, fill the cart, look at it, order, reload and still be logged in, log out. It
 * must be neither refused nor flagged; what the page cost it is the measure the attackers are held to.
 */
final class Person extends BrowserScenario {

    Person(int number) {
        super(number, "Person", Level.PERSON,
                "a person's browser: page, log in, note, cart, order, reload (still logged in), log out",
                "none: nothing may be refused or flagged", Set.of());
    }

    @Override
    ChromeDriver browser(Path profileDir, TrustedCertificate trusted) { return Chromium.person(profileDir, trusted); }

    @Override
    String work(DemoPage page, String user) throws DemoPage.Stuck {
        page.addNote("buy tea " + System.currentTimeMillis(), "green, loose leaf");
        page.addToCart("tea", 2);
        page.order("2 × tea");
        page.reloadStillLoggedIn(user);
        page.logOut();
        return "/api/orders";
    }
}
