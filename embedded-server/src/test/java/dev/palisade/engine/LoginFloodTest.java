package dev.palisade.engine;

import dev.palisade.engine.auth.ClientFacts;
import dev.palisade.engine.event.Event;
import dev.palisade.engine.event.EventSubscription;
import dev.palisade.engine.store.Store;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionService;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Audit ladder58 M1: a flood of password guesses, each with its own page and ticket, filled the password checks and
 * kept every person on a new browser out with {@code login_busy}, for about a twentieth of what it cost the server.
 * While the checks are full, every caller's client page asks more work, and the operator gets an alert.
 */
class LoginFloodTest {

    @TempDir
    Path dir;
    private final CountDownLatch release = new CountDownLatch(1);
    private EngineFixture f;
    private ExecutorService guessers;

    @AfterEach
    void close() {
        release.countDown();
        if (guessers != null) guessers.shutdownNow();
        if (f != null) f.close();
    }

    /** The store, holding every look-up of an unknown user (a guess at a name) until {@link #release}: the checks stay full. */
    private Store holdingGuesses(Store store) {
        return (Store) Proxy.newProxyInstance(Store.class.getClassLoader(), new Class<?>[] {Store.class}, (proxy, method, args) -> {
            if (method.getName().equals("findUser") && String.valueOf(args[0]).startsWith("guess")) {
                release.await(30, TimeUnit.SECONDS);
            }
            try {
                return method.invoke(store, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
    }

    /** The first alert of {@code kind} the live events carry, waiting for the alert thread up to 20 s. */
    private static Event alertOf(EventSubscription events, String kind)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            for (Event e : events.take(256, 100, TimeUnit.MILLISECONDS)) {
                if (e.code().equals("alert") && e.check().equals(kind)) return e;
            }
        }
        throw new AssertionError("no " + kind + " alert within 20 s");
    }

    @Test
    void whileLoginsAreRefusedBusyEveryCallersPageAsksMoreWork() throws Exception {
        f = new EngineFixture(dir, this::holdingGuesses);
        int bits = f.engine.auth().servePage("203.0.113.7").challenge().work().bits();
        assertThat(bits).as("a clean caller, logins not busy").isEqualTo(14);
        dev.palisade.engine.bootstrap.ServedPage beforeTheFlood = f.engine.auth().servePage("203.0.113.20");

        EventSubscription events = f.engine.events().subscribe(4_096);
        int full = Runtime.getRuntime().availableProcessors() + 8; // the checks running and their line
        List<String> tickets = new ArrayList<>();
        for (int i = 0; i < full + 3; i++) {
            tickets.add(f.ticket(EngineFixture.browser("127.0.1." + (i + 1), "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0")));
        }
        guessers = Executors.newFixedThreadPool(tickets.size());
        CompletionService<Reason> guesses = new ExecutorCompletionService<>(guessers);
        for (int i = 0; i < tickets.size(); i++) {
            String ticket = tickets.get(i);
            ClientFacts client = EngineFixture.browser("127.0.1." + (i + 1), "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0");
            String name = "guess" + i;
            guesses.submit(() -> {
                try {
                    f.login(name, ticket, client);
                    return Reason.ALLOWED;
                } catch (Denial d) {
                    return d.reason();
                }
            });
        }
        // the checks and their line hold the others until released: the first three to end are those beyond them
        for (int i = 0; i < 3; i++) {
            Future<Reason> ended = guesses.poll(20, TimeUnit.SECONDS);
            assertThat(ended).as("a guess beyond the checks and their line, answered at once").isNotNull();
            assertThat(ended.get()).isEqualTo(Reason.LOGIN_BUSY);
        }

        assertThat(f.engine.auth().servePage("203.0.113.7").challenge().work().bits())
                .as("the same clean caller, while logins are busy").isEqualTo(15);
        // review 58 R4: a person whose address changed since the page is held to the new address's own record
        assertThat(f.engine.auth().bootstrap(EngineFixture.solved(beforeTheFlood), java.util.Map.of(), null,
                EngineFixture.browser("203.0.113.21", "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0")).value())
                .as("a page from before the flood, bootstrapped from another clean address").isNotEmpty();
        assertThat(alertOf(events, "logins_busy").detail()).as("the operator is told")
                .startsWith("1 login refused login_busy within a minute: the password checks are full");
        release.countDown();
        for (int i = 3; i < tickets.size(); i++) {
            Future<Reason> ended = guesses.poll(30, TimeUnit.SECONDS);
            assertThat(ended).as("every guess ends once released").isNotNull();
            try {
                assertThat(ended.get()).isIn(Reason.INVALID_CREDENTIALS, Reason.LOGIN_BUSY);
            } catch (ExecutionException e) {
                throw new AssertionError(e.getCause());
            }
        }
        f.clock.advance(java.time.Duration.ofMinutes(2));
        assertThat(f.engine.auth().servePage("203.0.113.8").challenge().work().bits())
                .as("two minutes after the flood").isEqualTo(14);
    }
}
