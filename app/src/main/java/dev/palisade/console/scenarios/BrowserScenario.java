package dev.palisade.console.scenarios;

import dev.palisade.console.client.Dtos.EventFilter;
import dev.palisade.console.client.Dtos.EventView;
import dev.palisade.console.client.Dtos.SessionFilter;
import dev.palisade.console.client.Dtos.SessionView;
import org.openqa.selenium.chrome.ChromeDriver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A scenario in a real headless Chromium working the demo page (the ladder's L5 and L6): it is
 * judged by what the operator was shown for its session, a denial or an {@code automation_suspected}
 * flag, and its cost is what the page's proof of work and challenge took in the browser. Skipped,
 * with the reason, where no Chromium is installed.
 */
abstract class BrowserScenario implements Scenario {

    static final String FLAG = "automation_suspected";
    /** The flag's event: its type and check. */
    private static final String FINGERPRINT_MISMATCH = "fingerprint_mismatch";
    private static final String FINGERPRINT = "fingerprint";
    /** The step of the login form, where the server flags a session whose browser looked automated. */
    private static final String LOGIN = "POST /auth/login";
    private static final System.Logger LOG = System.getLogger(BrowserScenario.class.getName());
    /** Events are written by a batch writer a moment after the request: how long to look for them. */
    private static final long EVENT_WAIT_MILLIS = 5_000;


    private final int number;
    private final String name;
    private final Level level;
    private final String description;
    private final String defence;
    private final Set<String> expected;

    BrowserScenario(int number, String name, Level level, String description, String defence, Set<String> expected) {
        this.number = number;
        this.name = name;
        this.level = level;
        this.description = description;
        this.defence = defence;
        this.expected = expected;
    }

    @Override public int number() { return number; }
    @Override public String name() { return name; }
    @Override public Level level() { return level; }
    @Override public String description() { return description; }
    @Override public String defence() { return defence; }
    @Override public Set<String> expected() { return expected; }

    /** Starts the browser this scenario drives, trusting {@code trusted} (a development server's certificate) when not null. */
    abstract ChromeDriver browser(Path profileDir, TrustedCertificate trusted);

    /** Works the page after it was opened; returns the path of the session's last API call, to await its event. */
    abstract String work(DemoPage page, String user) throws DemoPage.Stuck;

    @Override
    public Outcome run(ScenarioContext context, Consumer<Step> progress) throws Exception {
        String missing = Chromium.missing();
        if (missing != null) return Outcome.skipped(this, "no browser here: " + missing);
        List<Step> steps = new ArrayList<>();
        String user = context.user("scenario" + number);
        long started = context.clock().millis();
        Consumer<Step> record = s -> {
            Step shown = asTheOperatorSawIt(context, user, started, s);
            steps.add(shown);
            progress.accept(shown);
        };
        Path profile = Files.createTempDirectory("palisade-scenario-" + number + "-");
        ChromeDriver browser;
        try {
            browser = browser(profile, context.trusted());
        } catch (RuntimeException e) { // no session (a driver of another version, a start too slow): no profile left
            deleteQuietly(profile);
            throw e;
        }
        Double work = null;
        Double wall = null;
        String lastPath;
        long opening = started;
        try {
            DemoPage page = new DemoPage(browser, context.target(), context.clock(), record);
            long t0 = System.nanoTime();
            opening = context.clock().millis();
            page.open();
            page.logIn(user, context.password());
            wall = (System.nanoTime() - t0) / 1e6;
            work = page.lastBootstrapMillis();
            lastPath = work(page, user);
        } catch (DemoPage.Stuck stuck) {
            // refused before a session: how it would have been measured is no result (audit 52)
            Cost cost = work == null && wall == null ? Cost.none("not measured: refused before a session")
                    : new Cost(work, wall, "in the browser: Palisade.lastBootstrap, page to logged in");
            return refusedOnThePage(stuck, List.copyOf(steps), cost);
        } finally {
            quit(browser, profile);
        }
        Cost cost = new Cost(work, wall, "in the browser: Palisade.lastBootstrap, page to logged in");
        return judge(context, user, started, opening, lastPath, List.copyOf(steps), cost);
    }

    /** The page got stuck: refused if its status line names a denial, otherwise the run could not tell. */
    private Outcome refusedOnThePage(DemoPage.Stuck stuck, List<Step> steps, Cost cost) {
        String status = stuck.status();
        String code = DemoPage.problemCode(status);
        if (code.isEmpty()) return Outcome.error(this, stuck.getMessage(), steps);
        return new Outcome(this, Outcome.Result.CAUGHT, code, "", steps, "refused on the page: " + status, cost);
    }

    /** The session {@code user} opened in this run (the newest since it began), or null. */
    private static SessionView sessionOf(ScenarioContext context, String user, long started) {
        return context.admin().sessions(new SessionFilter(user, null, null, 0, 100)).items().stream()
                .filter(s -> s.createdAt() >= started - 1_000).max(Comparator.comparingLong(SessionView::createdAt))
                .orElse(null);
    }

    /**
     * The login step as the operator was shown it: a login the server let through but flagged (its session's browser
     * looked automated, the policy alerts) read "200 ok" with no check, and "Show the step's event" looked for the login's
     * allowed event, not the flag (console audit 59, 5b/c). The page cannot tell; the admin API can, before the step is
     * reported, so that the steps shown live are the outcome's.
     */
    private static Step asTheOperatorSawIt(ScenarioContext context, String user, long started, Step step) {
        if (!LOGIN.equals(step.request()) || step.status() != 200) return step;
        SessionView session = sessionOf(context, user, started);
        if (session == null || session.automation().isEmpty()) return step; // no signals: nothing to flag
        long deadline = System.currentTimeMillis() + EVENT_WAIT_MILLIS; // written a moment after the answer
        do {
            if (!context.admin().events(new EventFilter(step.at(), null, FINGERPRINT_MISMATCH, FLAG, session.id(), null, 0, 1))
                    .items().isEmpty()) {
                return new Step(step.description(), step.request(), step.status(), FLAG, FINGERPRINT, step.source(), step.at());
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // the run is being closed: the step as the page showed it
                return step;
            }
        } while (System.currentTimeMillis() < deadline);
        return step; // signals, but no flag: the policy ignores automation
    }

    private Outcome judge(ScenarioContext context, String user, long started, long opening, String lastPath, List<Step> steps,
                          Cost cost)
            throws InterruptedException {
        SessionView session = sessionOf(context, user, started);
        if (session == null) return Outcome.error(this, "no session of " + user + " was opened", steps);
        List<EventView> events = eventsOf(context, session.id(), lastPath);
        // and whatever else the run met: a refusal palisade.js got over by itself (a login again with the page's
        // password after reauth_required, a fresh page after no_bootstrap) belongs to another session or to none,
        // and a real app would have asked its person for the password again (audit 50)
        List<EventView> around = new ArrayList<>(context.admin().events(new EventFilter(started - 1_000, null, null, null,
                null, null, user, 0, 500)).items());
        // a page's or bootstrap's refusal names no user: the browser's address from the page's loading on (behind a
        // balancer that hides the callers' addresses, the scenario before may have left refusals from it a moment ago)
        around.addAll(context.admin().events(new EventFilter(opening, null, null, null, null, session.ip(), 0, 500))
                .items().stream().filter(e -> e.user().isEmpty()).toList());
        EventView denial = java.util.stream.Stream.concat(events.stream(), around.stream()).filter(e -> !e.allowed())
                .findFirst().orElse(null);
        if (denial != null) {
            return new Outcome(this, Outcome.Result.CAUGHT, denial.code(), denial.check(), steps,
                    "the session met " + denial.code() + " at " + denial.path(), cost);
        }
        EventView flag = events.stream().filter(e -> FLAG.equals(e.code())).findFirst().orElse(null);
        if (flag != null) {
            return new Outcome(this, Outcome.Result.FLAGGED, FLAG, "fingerprint (automation)", steps,
                    "flagged to the operator, signals " + String.join(", ", session.automation()) + slowed(session), cost);
        }
        return new Outcome(this, Outcome.Result.PASSED, "ok", "", steps, steps.size()
                + " steps, neither refused nor flagged", cost);
    }

    /** "; slowed to 50 % of its rate windows" for a slowed session ({@link dev.palisade.console.client.Dtos#slowed}), else nothing. */
    private static String slowed(SessionView session) {
        String slowed = dev.palisade.console.client.Dtos.slowed(session.ratePercent());
        return slowed.isEmpty() ? "" : "; " + slowed;
    }

    /**
     * The session's events, once its last API call is known: as an event if it was refused (the writer
     * batches), or among the recent allowed calls if it passed (allowed calls are no events by default).
     */
    private static List<EventView> eventsOf(ScenarioContext context, String sessionId, String lastPath)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + EVENT_WAIT_MILLIS;
        while (true) {
            List<EventView> events = context.admin().events(new EventFilter(null, null, null, null, sessionId, null, 0, 500))
                    .items();
            if (events.stream().anyMatch(e -> lastPath.equals(e.path())) || System.currentTimeMillis() > deadline) return events;
            if (context.admin().recentCalls(sessionId, 50).stream().anyMatch(c -> lastPath.equals(c.path()))) {
                // allowed: the events endpoint waits for the writer, so earlier refusals are in this answer
                return context.admin().events(new EventFilter(null, null, null, null, sessionId, null, 0, 500)).items();
            }
            Thread.sleep(100);
        }
    }

    /**
     * Closes the browser and its driver, and deletes its profile, on a run cut short too: the window's close interrupts
     * the run, and a quit() on an interrupted thread gave up at once, leaving chromedriver running after the console
     * had exited and the profile on disk (audit 52). The interrupt is kept for the run to see.
     */
    private static void quit(ChromeDriver browser, Path profile) {
        boolean interrupted = Thread.interrupted();
        try {
            browser.quit();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Closing the scenario's browser failed: " + e.getClass().getSimpleName());
        } finally {
            deleteQuietly(profile);
            if (interrupted) Thread.currentThread().interrupt();
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | RuntimeException e) {
            // a leftover browser profile in the temp directory harms nothing
        }
    }
}
