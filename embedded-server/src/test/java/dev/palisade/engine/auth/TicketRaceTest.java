package dev.palisade.engine.auth;

import dev.palisade.engine.Denial;
import dev.palisade.engine.EngineFixture;
import dev.palisade.engine.Reason;
import dev.palisade.engine.admin.Actor;
import dev.palisade.protocol.ClientKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A bootstrap ticket buys one password check: logins that race with one ticket while the first one's
 * password is being hashed (a real hash takes a good fraction of a second) are not checked too.
 */
class TicketRaceTest {

    @TempDir
    Path dir;

    @Test
    void ofLoginsRacingWithOneTicketOnlyOneHasItsPasswordChecked() throws Exception {
        try (EngineFixture f = new EngineFixture(dir, EngineFixture.fastOptions().withPasswordIterations(200_000))) {
            f.engine.operator(Actor.OWNER).createUser("alice", EngineFixture.PASSWORD.clone());
            String ticket = f.ticket(EngineFixture.BROWSER);
            int racers = 5; // the throttle lets five logins of one user be in flight at once
            ExecutorService pool = Executors.newFixedThreadPool(racers);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Reason>> outcomes = new ArrayList<>();
            for (int i = 0; i < racers; i++) {
                String guess = "guess " + i;
                outcomes.add(pool.submit(() -> {
                    go.await();
                    try {
                        f.engine.auth().login("alice", guess.toCharArray(), ticket, null,
                                EngineFixture.publicKey(new ClientKeys()), EngineFixture.BROWSER);
                        return Reason.ALLOWED;
                    } catch (Denial d) {
                        return d.reason();
                    }
                }));
            }
            go.countDown();
            List<Reason> reasons = new ArrayList<>();
            for (Future<Reason> outcome : outcomes) reasons.add(outcome.get(30, TimeUnit.SECONDS));
            pool.shutdown();
            assertThat(reasons).as("one guess for the one ticket").containsOnlyOnce(Reason.INVALID_CREDENTIALS)
                    .doesNotContain(Reason.ALLOWED);
            assertThat(reasons).filteredOn(r -> r != Reason.INVALID_CREDENTIALS).containsOnly(Reason.NO_BOOTSTRAP);
        }
    }
}
