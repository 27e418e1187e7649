package dev.palisade.console.scenarios;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

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

    private final WebDriver browser;
    private final String target;
    private final String source;
    private final Consumer<Step> steps;

    DemoPage(WebDriver browser, String target, Consumer<Step> steps) {
        this.browser = browser;
        this.target = target;
        this.source = okhttp3.HttpUrl.get(target).host();
        this.steps = steps;
    }

    void open() throws Stuck {
        browser.get(target + "/");
        await("load the page (palisade.js solves the work, runs the challenge, bootstraps)", "GET /",
                ExpectedConditions.visibilityOfElementLocated(By.id("login")));
    }

    void logIn(String user, String password) throws Stuck {
        browser.findElement(By.name("username")).sendKeys(user);
        browser.findElement(By.name("password")).sendKeys(password);
        browser.findElement(By.cssSelector("#login button")).click();
        await("log in through the form", "POST /auth/login", ExpectedConditions.and(
                ExpectedConditions.visibilityOfElementLocated(By.id("app")),
                ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "Logged in as " + user)));
    }

    void addNote(String title, String body) throws Stuck {
        browser.findElement(By.name("title")).sendKeys(title);
        browser.findElement(By.name("body")).sendKeys(body);
        browser.findElement(By.cssSelector("#add-note button")).click();
        await("write a note", "POST /api/notes", ExpectedConditions.textToBePresentInElementLocated(By.id("note-list"), title));
    }

    /** Adds to the cart; the app then shows the cart, which is the look the order's sequence rule asks for. */
    void addToCart(String item, int quantity) throws Stuck {
        browser.findElement(By.name("item")).sendKeys(item);
        browser.findElement(By.name("quantity")).clear();
        browser.findElement(By.name("quantity")).sendKeys(Integer.toString(quantity));
        browser.findElement(By.cssSelector("#add-item button")).click();
        await("add to the cart and look at it", "POST /api/cart, GET /api/cart", ExpectedConditions
                .textToBePresentInElementLocated(By.id("cart-list"), quantity + " × " + item));
    }

    void order(String item) throws Stuck {
        browser.findElement(By.id("place-order")).click();
        await("order", "POST /api/orders", ExpectedConditions.and(
                ExpectedConditions.textToBePresentInElementLocated(By.id("order-list"), item),
                ExpectedConditions.textToBePresentInElementLocated(By.id("cart-list"), "The cart is empty.")));
    }

    /** Reloads: palisade.js finds its keys and session in IndexedDB and the app shows the user again, no form. */
    void reloadStillLoggedIn(String user) throws Stuck {
        browser.navigate().refresh();
        await("reload: still logged in", "GET /", ExpectedConditions.and(
                ExpectedConditions.visibilityOfElementLocated(By.id("app")),
                ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "Logged in as " + user),
                ExpectedConditions.invisibilityOfElementLocated(By.id("login"))));
    }

    void logOut() throws Stuck {
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

    private void await(String action, String requests, ExpectedCondition<?> shown) throws Stuck {
        long began = System.currentTimeMillis(); // a page step's code is the page's status, never an event's: no event to find
        try {
            new WebDriverWait(browser, WAIT).until(shown);
        } catch (TimeoutException e) {
            String status = status();
            steps.accept(new Step(action, requests, 0, status, "", source, began));
            throw new Stuck(action, status);
        }
        steps.accept(new Step(action, requests, 200, "ok", "", source, began));
    }
}
