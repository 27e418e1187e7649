package dev.palisade.engine.session;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A login's 32-byte key is held as four longs; any other key as given; both read back the same. */
class SessionSigningKeyTest {

    private static Session withKey(byte[] key) {
        return new Session(new SessionRecord("s1", "alice", SessionOrigin.BROWSER, 0, 0, "10.0.0.1", "ua",
                0, 0, 0, key, null, ""));
    }

    @Test
    void aThirtyTwoByteKeyReadsBackWhole() {
        byte[] key = new byte[32];
        for (int i = 0; i < key.length; i++) key[i] = (byte) (0xA0 + i);
        Session s = withKey(key.clone());
        assertThat(s.hasSigningKey()).isTrue();
        assertThat(s.signingKey()).containsExactly(key);
        byte[] room = new byte[32];
        assertThat(s.signingKey(room)).isSameAs(room).containsExactly(key);
        assertThat(s.toRecord().signingKey()).containsExactly(key);
        s.signingKey()[0] = 0;
        assertThat(s.signingKey()).as("a copy each time").containsExactly(key);
    }

    @Test
    void aKeyOfAnotherLengthIsKeptAsGiven() {
        Session s = withKey(new byte[] {9, 8, 7});
        assertThat(s.hasSigningKey()).isTrue();
        assertThat(s.signingKey()).containsExactly(9, 8, 7);
        assertThat(s.signingKey(new byte[32])).containsExactly(9, 8, 7);
        assertThat(s.toRecord().signingKey()).containsExactly(9, 8, 7);
    }

    @Test
    void noKeyMeansNone() {
        Session s = withKey(null);
        assertThat(s.hasSigningKey()).isFalse();
        assertThat(s.signingKey()).isEmpty();
        assertThat(s.toRecord().signingKey()).isEmpty();
        assertThat(withKey(new byte[32]).hasSigningKey()).as("all zero is still a key").isTrue();
    }
}
