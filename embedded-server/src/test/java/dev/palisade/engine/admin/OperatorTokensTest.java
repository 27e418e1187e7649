package dev.palisade.engine.admin;

import dev.palisade.engine.ConflictException;
import dev.palisade.engine.Denial;
import dev.palisade.engine.EngineTestBase;
import dev.palisade.engine.Reason;
import dev.palisade.engine.event.Event;
import dev.palisade.engine.event.EventQuery;
import dev.palisade.engine.event.EventType;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Operator tokens and actors on the real engine and store. */
class OperatorTokensTest extends EngineTestBase {

    private OperatorTokens tokens() { return f.engine.operatorTokens(); }

    @Test
    void onlyTheOwnerIssuesAndRevokesAndAViewerGetsNoOperations() {
        OperatorTokens.Created alice = tokens().create("alice", "operator", Actor.OWNER);
        Actor asAlice = alice.token().actor();
        assertThat(catchThrowableOfType(() -> tokens().create("bob", "viewer", asAlice), Denial.class).reason())
                .isEqualTo(Reason.FORBIDDEN_ROLE);
        assertThat(catchThrowableOfType(() -> tokens().revoke(alice.token().id(), asAlice), Denial.class).reason())
                .isEqualTo(Reason.FORBIDDEN_ROLE);
        Actor viewer = Actor.operator("vera", Role.VIEWER);
        assertThat(catchThrowableOfType(() -> f.engine.operator(viewer), Denial.class).reason()).isEqualTo(Reason.FORBIDDEN_ROLE);
        assertThat(catchThrowableOfType(() -> f.engine.debugTokens().create("x", 600L, viewer), Denial.class).reason())
                .isEqualTo(Reason.FORBIDDEN_ROLE);
        assertThat(f.engine.operator(asAlice).actor()).isEqualTo(asAlice);
    }

    @Test
    void aTokenAuthenticatesUntilRevokedAndOnlyWithItsSecret() {
        OperatorTokens.Created c = tokens().create("alice", "viewer", Actor.OWNER);
        long now = f.clock.millis();
        assertThat(tokens().authenticate(c.value(), now)).isNotNull();
        assertThat(tokens().authenticate(c.value() + "x", now)).isNull();
        assertThat(tokens().authenticate("pot." + c.token().id(), now)).isNull();
        assertThat(tokens().authenticate(c.value().replace("pot.", "pdt."), now)).isNull();
        tokens().revoke(c.token().id(), Actor.OWNER);
        assertThat(tokens().authenticate(c.value(), now)).isNull();
    }

    @Test
    void aCredentialLeavesForceWhenItsTokenIsRevokedHereOrByAnotherNode() {
        OperatorTokens.Created here = tokens().create("alice", "viewer", Actor.OWNER);
        OperatorTokens.Created there = tokens().create("bob", "operator", Actor.OWNER);
        Credential alice = tokens().prove(here.value(), f.clock.millis());
        Credential bob = tokens().prove(there.value(), f.clock.millis());
        assertThat(alice.actor()).isEqualTo(here.token().actor());
        assertThat(alice.inForce()).isTrue();
        assertThat(tokens().prove(here.value() + "x", f.clock.millis())).isNull();

        tokens().revoke(here.token().id(), Actor.OWNER);
        assertThat(alice.inForce()).as("revoked here").isFalse();
        assertThat(bob.inForce()).isTrue();

        f.store.revokeOperatorToken(there.token().id(), f.clock.millis()); // as another node of the cluster does
        assertThat(bob.inForce()).as("not yet heard of").isTrue();
        tokens().reload();
        assertThat(bob.inForce()).as("heard of at the reload").isFalse();
    }

    @Test
    void usesAreWrittenAndTokensSurviveARestart() {
        OperatorTokens.Created c = tokens().create("alice", "operator", Actor.OWNER);
        f.clock.advance(java.time.Duration.ofSeconds(7));
        tokens().authenticate(c.value(), f.clock.millis());
        f.engine.maintain();
        f.restart();
        OperatorToken kept = tokens().list().get(0);
        assertThat(kept.lastUsedAt()).isEqualTo(f.clock.millis());
        assertThat(kept.role()).isEqualTo(Role.OPERATOR);
        assertThat(tokens().authenticate(c.value(), f.clock.millis())).isNotNull();
    }

    @Test
    void aLiveNameIsUniqueAndEventsNameTheActorWithoutTheSecret() throws Exception {
        OperatorTokens.Created c = tokens().create("alice", "operator", Actor.OWNER);
        assertThat(catchThrowableOfType(() -> tokens().create(" Alice ", "viewer", Actor.OWNER), ConflictException.class))
                .isNotNull();
        f.engine.operator(c.token().actor()).updateSettings(Map.of("sessionIdleTtlSeconds", 1_801L));
        assertThat(f.engine.events().awaitWritten(5_000)).isTrue();
        var events = f.store.queryEvents(new EventQuery(null, null, EventType.ADMIN, null, null, null, 0, 10));
        assertThat(events).extracting(Event::code, Event::actor).containsExactly(
                org.assertj.core.groups.Tuple.tuple("settings_changed", "alice"),
                org.assertj.core.groups.Tuple.tuple("operator_created", "owner"));
        assertThat(events.toString()).doesNotContain(c.value().substring(c.value().lastIndexOf('.') + 1));
        assertThat(c.toString()).doesNotContain(c.value());
    }

    /**
     * A token this node does not know is looked for in the store (another node of a cluster may have
     * made it a moment ago), but not for a caller made to wait: its guesses must cost the store nothing.
     */
    @Test
    void aTokenNotKnownHereIsLookedForElsewhereOnlyWhenAsked() {
        f.close();
        java.util.concurrent.atomic.AtomicInteger lookups = new java.util.concurrent.atomic.AtomicInteger();
        f = new dev.palisade.engine.EngineFixture(dir, store -> (dev.palisade.engine.store.Store) java.lang.reflect.Proxy.newProxyInstance(
                dev.palisade.engine.store.Store.class.getClassLoader(), new Class<?>[] {dev.palisade.engine.store.Store.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("findOperatorToken")) lookups.incrementAndGet();
                    try {
                        return method.invoke(store, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                }));
        String unknown = "pot.AAAAAAAAAAAA." + "x".repeat(43);
        long now = f.clock.millis();
        assertThat(tokens().prove(unknown, now, false)).isNull();
        assertThat(lookups.get()).as("a caller made to wait: no lookup").isZero();
        assertThat(tokens().prove(unknown, now, true)).isNull();
        assertThat(lookups.get()).as("any other caller: looked for").isPositive();
        OperatorTokens.Created known = tokens().create("alice", "viewer", Actor.OWNER);
        assertThat(tokens().prove(known.value(), now, false)).as("a token this node knows is let in all the same").isNotNull();
    }
}
