package dev.palisade.console.scenarios;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Clock;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * The demo client page as a browser user works it: the login form, notes, cart and orders, each
 * action a step. palisade.js does the protocol; this only clicks and waits for what a person would see.
 */
final class DemoPage {

    /** The page did not show what the action should lead to; {@code status} is what its status line said. */
    static final class Stuck extends Exception {
        private final String status;

        Stuck(String action, String status) {
            super(action + " did not finish; the page says: " + status);
            this.status = status;
        }

        String status() { return status; }
    }

    private static final Duration WAIT = Duration.ofSeconds(20);
    /** How a problem's code reads in the page's status line, e.g. {@code challenge_failed}. */
    private static final java.util.regex.Pattern PROBLEM_CODE = java.util.regex.Pattern.compile("\\b[a-z]+(?:_[a-z]+)+\\b");

    private final WebDriver browser;
    private final String target;
    private final String source;
    private final Consumer<Step> steps;
    private final Clock clock;
    /** When the action under way began, before its first request: a step's event is at or after it. */
    private long acting;

    /** @param clock the target's, on which steps are timed (its events' times are on it) */
    DemoPage(WebDriver browser, String target, Clock clock, Consumer<Step> steps) {
        this.browser = browser;
        this.clock = clock;
        this.target = target;
        this.source = okhttp3.HttpUrl.get(target).host();
        this.steps = steps;
    }

    void open() throws Stuck {
        acting = clock.millis();
        browser.get(target + "/");
        await("load the page (palisade.js solves the work, runs the challenge, bootstraps)", "GET /",
                ExpectedConditions.visibilityOfElementLocated(By.id("login")));
    }

    void logIn(String user, String password) throws Stuck {
        acting = clock.millis();
        browser.findElement(By.name("username")).sendKeys(user);
        browser.findElement(By.name("password")).sendKeys(password);
        browser.findElement(By.cssSelector("#login button")).click();
        await("log in through the form", "POST /auth/login", ExpectedConditions.and(
                ExpectedConditions.visibilityOfElementLocated(By.id("app")),
                ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "Logged in as " + user)));
    }

    void addNote(String title, String body) throws Stuck {
        acting = clock.millis();
        browser.findElement(By.name("title")).sendKeys(title);
        browser.findElement(By.name("body")).sendKeys(body);
        browser.findElement(By.cssSelector("#add-note button")).click();
        await("write a note", "POST /api/notes", ExpectedConditions.textToBePresentInElementLocated(By.id("note-list"), title));
    }

    /** Adds to the cart; the app then shows the cart, which is the look the order's sequence rule asks for. */
    void addToCart(String item, int quantity) throws Stuck {
        acting = clock.millis();
        browser.findElement(By.name("item")).sendKeys(item);
        browser.findElement(By.name("quantity")).clear();
        browser.findElement(By.name("quantity")).sendKeys(Integer.toString(quantity));
        browser.findElement(By.cssSelector("#add-item button")).click();
        await("add to the cart and look at it", "POST /api/cart, GET /api/cart", ExpectedConditions
                .textToBePresentInElementLocated(By.id("cart-list"), quantity + " × " + item));
    }

    void order(String item) throws Stuck {
        acting = clock.millis();
        browser.findElement(By.id("place-order")).click();
        await("order", "POST /api/orders", ExpectedConditions.and(
                ExpectedConditions.textToBePresentInElementLocated(By.id("order-list"), item),
                ExpectedConditions.textToBePresentInElementLocated(By.id("cart-list"), "The cart is empty.")));
    }

    /** Reloads: palisade.js finds its keys and session in IndexedDB and the app shows the user again, no form. */
    void reloadStillLoggedIn(String user) throws Stuck {
        acting = clock.millis();
        browser.navigate().refresh();
        await("reload: still logged in", "GET /", ExpectedConditions.and(
                ExpectedConditions.visibilityOfElementLocated(By.id("app")),
                ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "Logged in as " + user),
                ExpectedConditions.invisibilityOfElementLocated(By.id("login"))));
    }

    void logOut() throws Stuck {
        acting = clock.millis();
        browser.findElement(By.id("logout")).click();
        await("log out", "POST /auth/logout", ExpectedConditions.visibilityOfElementLocated(By.id("login")));
    }

    /** What the proof of work and the challenge cost this browser ({@code Palisade.lastBootstrap.millis}), or null. */
    Double lastBootstrapMillis() {
        Object ms = ((JavascriptExecutor) browser).executeScript(
                "return (window.Palisade && Palisade.lastBootstrap) ? Palisade.lastBootstrap.millis : null;");
        return ms instanceof Number n ? n.doubleValue() : null;
    }

    String status() {
        try {
            return browser.findElement(By.id("status")).getText();
        } catch (RuntimeException e) {
            return "(no status line: " + e.getClass().getSimpleName() + ")";
        }
    }

    /** The problem code the page's status line names, or "" (a page stuck for another reason). */
    static String problemCode(String status) {
        java.util.regex.Matcher named = PROBLEM_CODE.matcher(status);
        return named.find() ? named.group() : "";
    }

    /**
     * Waits for what the action shows, and reports it as a step from when the action began: a page that got stuck on a
     * refusal carries its code, which "Show the step's event" looks for (the whole status line found nothing, audit 52).
     */
    private void await(String action, String requests, ExpectedCondition<?> shown) throws Stuck {
        try {
            new WebDriverWait(browser, WAIT).until(shown);
        } catch (TimeoutException e) {
            String status = status();
            String code = problemCode(status);
            steps.accept(new Step(action, requests, 0, code.isEmpty() ? status : code, "", source, acting));
            throw new Stuck(action, status);
        }
        steps.accept(new Step(action, requests, 200, "ok", "", source, acting));
    }
}
