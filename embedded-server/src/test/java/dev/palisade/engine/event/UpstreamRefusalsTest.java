package dev.palisade.engine.event;

import dev.palisade.engine.EngineTestBase;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The app's middleware refusing forwarded calls: each fault recorded at most once a second, told as it was named. */
class UpstreamRefusalsTest extends EngineTestBase {

    private List<String> recorded() throws InterruptedException {
        f.engine.events().awaitWritten(5_000);
        return f.store.queryEvents(new EventQuery(null, null, EventType.SYSTEM, "upstream_signature", null, null, 0, 100))
                .stream().map(Event::detail).toList();
    }

    @Test
    void eachFaultIsRecordedAtMostOnceASecondAndAClockSteppedBackRecordsAtOnce() throws InterruptedException {
        for (int i = 0; i < 5; i++) f.engine.upstreamRefused("/api/a", "signature");
        f.engine.upstreamRefused("/api/b", "body"); // a body any caller can send hides no key fault, nor is hidden
        f.engine.upstreamRefused("/api/c", "whatever");
        assertThat(recorded()).hasSize(3).anySatisfy(d -> assertThat(d).startsWith("/api/a: ").contains("(signature)", "upstream.key"))
                .anySatisfy(d -> assertThat(d).startsWith("/api/b: ").contains("(body)").doesNotContain("upstream.key"))
                .anySatisfy(d -> assertThat(d).startsWith("/api/c: ").contains("gave no reason"));
        f.clock.advance(Duration.ofMillis(999));
        f.engine.upstreamRefused("/api/a", "signature");
        assertThat(recorded()).hasSize(3);
        f.clock.advance(Duration.ofMillis(1));
        f.engine.upstreamRefused("/api/a", "expired");
        f.engine.upstreamRefused("/api/a", "signature");
        assertThat(recorded()).hasSize(5);
        // a clock stepped back an hour: a wrong clock is what this reports, so it must not silence it for that hour
        f.clock.advance(Duration.ofHours(-1));
        f.engine.upstreamRefused("/api/a", "signature");
        assertThat(recorded()).hasSize(6);
    }

    /** Every refusal is counted by its fault, also those not recorded; a fault this server does not know is "other". */
    @Test
    void everyRefusalIsCountedByItsFault() {
        List<String> counted = new java.util.concurrent.CopyOnWriteArrayList<>();
        dev.palisade.engine.Meter meter = new dev.palisade.engine.Meter() {
            @Override
            public void upstreamRefused(String fault) {
                counted.add(fault);
            }
        };
        try (dev.palisade.store.sqlite.SqliteStore store = dev.palisade.store.sqlite.SqliteStore.open(dir.resolve("metered"));
             dev.palisade.engine.Engine engine = new dev.palisade.engine.Engine(store, f.clock, dev.palisade.engine.EngineFixture.fastOptions(),
                     new dev.palisade.http.JettyAddressSets(), meter)) {
            engine.upstreamRefused("/api/a", "signature");
            engine.upstreamRefused("/api/a", "signature");
            engine.upstreamRefused("/api/a", "whatever");
            engine.upstreamRefused("/api/a", "");
        }
        assertThat(counted).containsExactly("signature", "signature", "other", "other");
    }
}
