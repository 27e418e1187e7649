package dev.palisade.engine.admin;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** The owner's token: what it proves, and that a rotation takes the old one out of force at once. */
class OwnerTokenTest {

    @Test
    void aCredentialIsInForceUntilTheTokenIsRotated() {
        AtomicReference<String> stored = new AtomicReference<>();
        OwnerToken owner = new OwnerToken("the-first-token", stored::set);
        assertThat(owner.authenticate("the-first-tokeN")).isNull();
        assertThat(owner.authenticate(null)).isNull();
        Credential first = owner.authenticate("the-first-token");
        assertThat(first.actor()).isEqualTo(Actor.OWNER);
        assertThat(first.inForce()).isTrue();

        String fresh = owner.rotate();
        assertThat(stored.get()).isEqualTo(fresh);
        assertThat(first.inForce()).as("rotated away").isFalse();
        assertThat(owner.authenticate("the-first-token")).isNull();
        assertThat(owner.authenticate(fresh).inForce()).isTrue();
    }
}
