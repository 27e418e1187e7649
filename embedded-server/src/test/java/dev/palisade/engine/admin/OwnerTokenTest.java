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

        String fresh = owner.rotate(first);
        assertThat(stored.get()).isEqualTo(fresh);
        assertThat(first.inForce()).as("rotated away").isFalse();
        assertThat(owner.authenticate("the-first-token")).isNull();
        assertThat(owner.authenticate(fresh).inForce()).isTrue();
    }

    /* Two rotations asked at once with one token were both answered, and the first's new token was out of force as it came. */
    @Test
    void aSecondRotationAskedWithTheTokenTheFirstReplacedIsRefused() {
        AtomicReference<String> stored = new AtomicReference<>();
        OwnerToken owner = new OwnerToken("the-first-token", stored::set);
        Credential first = owner.authenticate("the-first-token");
        Credential same = owner.authenticate("the-first-token"); // both past the door before either rotated
        String fresh = owner.rotate(first);
        assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(() -> owner.rotate(same), dev.palisade.engine.Denial.class)
                .reason()).isEqualTo(dev.palisade.engine.Reason.ADMIN_UNAUTHORIZED);
        assertThat(stored.get()).as("the one handed out is the one in force").isEqualTo(fresh);
        assertThat(owner.authenticate(fresh).inForce()).isTrue();
    }
}
