package dev.palisade.engine.auth;

import dev.palisade.engine.ProtectedRequest;
import dev.palisade.engine.Secrets;
import dev.palisade.engine.signature.MessageParts;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The bearer token read where it lies in the Authorization header: the same token, the same digest, as a copy of it. */
class BearerTokenTest {

    private static final String TOKEN = "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2ln";

    @Test
    void theTokenIsWhatFollowsTheSchemeTrimmedWhateverTheSchemesCase() {
        assertThat(BearerToken.of("Bearer " + TOKEN)).isEqualTo(TOKEN);
        assertThat(BearerToken.of("bearer " + TOKEN)).isEqualTo(TOKEN);
        assertThat(BearerToken.of("BEARER   " + TOKEN + " \t")).isEqualTo(TOKEN);
        assertThat(BearerToken.start("Bearer  " + TOKEN)).isEqualTo(8);
        assertThat(BearerToken.end("Bearer " + TOKEN + "  ")).isEqualTo(7 + TOKEN.length());
    }

    @Test
    void aValueWithoutABearerTokenHasNone() {
        assertThat(BearerToken.start(null)).isEqualTo(-1);
        assertThat(BearerToken.start("Bearer")).isEqualTo(-1);
        assertThat(BearerToken.start("Bearer ")).isEqualTo(-1);
        assertThat(BearerToken.start("Bearer    ")).isEqualTo(-1);
        assertThat(BearerToken.start("Basic " + TOKEN)).isEqualTo(-1);
        assertThat(BearerToken.start("Bearer" + TOKEN)).isEqualTo(-1);
        assertThat(BearerToken.start("XBearer " + TOKEN)).isEqualTo(-1);
        assertThat(BearerToken.of("Bearer \t ")).isNull();
    }

    @Test
    void aCallReadFromTheHeaderHasTheTokenAndTheDigestOfTheTokenAlone() {
        ProtectedRequest call = call("Bearer  " + TOKEN + " ");
        assertThat(call.hasBearer()).isTrue();
        assertThat(call.bearerDigest()).isEqualTo(Secrets.sha256(TOKEN));
        assertThat(call.bearerToken()).isEqualTo(TOKEN);
        // the same as a call given the token itself
        ProtectedRequest given = new ProtectedRequest("GET", "/api/notes", "127.0.0.1", "ua", TOKEN, null, parts(), null);
        assertThat(given.bearerDigest()).isEqualTo(call.bearerDigest());
    }

    @Test
    void aCallWhoseHeaderHoldsNoBearerTokenHasNoneAndNoDigest() {
        for (String value : new String[] {null, "Basic " + TOKEN, "Bearer ", "Bearer" + TOKEN}) {
            ProtectedRequest call = call(value);
            assertThat(call.hasBearer()).as(String.valueOf(value)).isFalse();
            assertThat(call.bearerToken()).isNull();
            assertThat(call.bearerDigest()).isNull();
        }
    }

    @Test
    void aSpanWithCharactersBeyondLatin1IsHashedAsTheWholeTokenWouldBe() {
        String odd = "tok\u20acen";
        assertThat(call("Bearer " + odd).bearerDigest()).isEqualTo(Secrets.sha256(odd));
    }

    private static ProtectedRequest call(String authorization) {
        return ProtectedRequest.withAuthorization("GET", "/api/notes", "127.0.0.1", "ua", authorization, null, parts(), null);
    }

    private static MessageParts parts() {
        return new MessageParts("GET", "h", "/api/notes", null, Map.of());
    }
}
