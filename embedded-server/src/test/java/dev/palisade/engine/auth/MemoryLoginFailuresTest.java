package dev.palisade.engine.auth;

import dev.palisade.engine.state.LoginFailures;
import dev.palisade.engine.state.LoginFailuresContract;

class MemoryLoginFailuresTest extends LoginFailuresContract {

    @Override
    protected LoginFailures store() { return new MemoryLoginFailures(); }

    /** The known clients a single node writes with its checkpoints and takes back at a restart. */
    @org.junit.jupiter.api.Test
    void knownClientsChangedAreTakenOnceAndTakenBackNewestFirstAsManyAsAreKept() {
        MemoryLoginFailures before = new MemoryLoginFailures();
        before.remember("ann", "c1", LoginThrottle.KNOWN_CLIENTS);
        before.remember("ann", "c2", LoginThrottle.KNOWN_CLIENTS);
        java.util.List<LoginFailures.Known> taken = before.takeChangedKnown();
        org.assertj.core.api.Assertions.assertThat(taken).containsExactly(new LoginFailures.Known("ann", java.util.List.of("c2", "c1")));
        org.assertj.core.api.Assertions.assertThat(before.takeChangedKnown()).as("taken once").isEmpty();

        MemoryLoginFailures after = new MemoryLoginFailures();
        java.util.List<String> many = new java.util.ArrayList<>();
        for (int i = 0; i <= LoginThrottle.KNOWN_CLIENTS; i++) many.add("k" + i);
        after.restoreKnown(java.util.List.of(new LoginFailures.Known("bo", many)));
        org.assertj.core.api.Assertions.assertThat(after.knows("bo", "k" + (LoginThrottle.KNOWN_CLIENTS - 1))).isTrue();
        org.assertj.core.api.Assertions.assertThat(after.knows("bo", "k" + LoginThrottle.KNOWN_CLIENTS)).as("one more than kept").isFalse();
        org.assertj.core.api.Assertions.assertThat(after.takeChangedKnown()).as("what was read back needs no writing").isEmpty();
    }
}
