package dev.palisade.engine.session;

import dev.palisade.engine.Reason;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CallHistoryTest {

    @Test
    void keepsTheLastCallsNewestFirst() {
        CallHistory history = new CallHistory(3);
        for (int i = 1; i <= 5; i++) history.add(i, "GET", "/api/notes/" + i, i == 5 ? Reason.INVALID_TOKEN : Reason.ALLOWED);
        assertThat(history.snapshot()).extracting(Call::path)
                .containsExactly("/api/notes/5", "/api/notes/4", "/api/notes/3");
        assertThat(history.snapshot().get(0)).satisfies(c -> {
            assertThat(c.code()).isEqualTo("invalid_token");
            assertThat(c.status()).isEqualTo(401);
            assertThat(c.at()).isEqualTo(5);
        });
    }

    @Test
    void emptyHistoryIsEmpty() {
        assertThat(new CallHistory(16).snapshot()).isEmpty();
    }

    @Test
    void theLastAllowedMatchingCallCountsFromItsExactTimeOn() {
        CallHistory history = new CallHistory(8);
        history.add(100, "GET", "/api/cart", Reason.ALLOWED);
        history.add(200, "GET", "/api/cart", Reason.RATE_LIMITED);
        history.add(300, "POST", "/api/cart", Reason.ALLOWED);
        history.add(400, "GET", "/api/notes", Reason.ALLOWED);
        assertThat(history.lastAllowed("GET", "/api/cart"::equals, 100)).as("a call at exactly since counts").isEqualTo(100);
        assertThat(history.lastAllowed("GET", "/api/cart"::equals, 101)).isEqualTo(-1);
        assertThat(history.lastAllowed("POST", "/api/cart"::equals, 0)).isEqualTo(300);
        assertThat(history.lastAllowed("GET", p -> p.startsWith("/api/"), 0)).isEqualTo(400);
        assertThat(history.lastAllowed("DELETE", p -> true, 0)).isEqualTo(-1);
    }

    @Test
    void keysAndTokensNeverPrintTheirSecrets() {
        SigningKey key = new SigningKey("k1", "super-secret".getBytes(java.nio.charset.StandardCharsets.UTF_8), 5, 0);
        assertThat(key.toString()).isEqualTo("SigningKey[k1, createdAt=5, retiredAt=0]");
        IssuedToken token = new IssuedToken("eyJhbGciOi.secret.part", 99, "k1");
        assertThat(token.toString()).isEqualTo("IssuedToken[kid=k1, expiresAt=99]");
    }

    @Test
    void signingKeysAreEqualOnlyWhenEveryFieldIs() {
        SigningKey key = new SigningKey("k1", new byte[] {1, 2}, 5, 0);
        assertThat(key).isEqualTo(new SigningKey("k1", new byte[] {1, 2}, 5, 0)).hasSameHashCodeAs(new SigningKey("k1", new byte[] {1, 2}, 5, 0));
        assertThat(key).isNotEqualTo(new SigningKey("k2", new byte[] {1, 2}, 5, 0));
        assertThat(key).isNotEqualTo(new SigningKey("k1", new byte[] {1, 3}, 5, 0));
        assertThat(key).isNotEqualTo(new SigningKey("k1", new byte[] {1, 2}, 6, 0));
        assertThat(key).isNotEqualTo(key.retire(7));
        assertThat(key).isNotEqualTo("k1");
    }
}
