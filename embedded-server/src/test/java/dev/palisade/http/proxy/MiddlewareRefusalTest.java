package dev.palisade.http.proxy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The app's 401 read as RFC 9110 writes challenges: only the middleware's scheme counts, and only its own error. */
class MiddlewareRefusalTest {

    /** One or more WWW-Authenticate fields (split at '|'), and the fault read: EMPTY for none named, NONE when not the middleware's. */
    @ParameterizedTest
    @CsvSource(delimiter = ';', quoteCharacter = '`', value = {
            "PalisadeUpstream error=\"body\"; body",
            "palisadeupstream ERROR=Nonce; nonce",
            "PalisadeUpstream error = \"expired\"; expired",
            "PalisadeUpstream; EMPTY",
            "PalisadeUpstream xerror=\"body\"; EMPTY",
            "PalisadeUpstream realm=\"error=signature\", error=\"body\"; body",
            "PalisadeUpstream realm=\"x\", Basic error=\"signature\"; EMPTY",
            "Basic realm=\"app\", PalisadeUpstream error=\"body\"; body",
            "Bearer abc==, PalisadeUpstream error=nonce; nonce",
            "Basic realm=\"app\"|PalisadeUpstream error=\"signature\"; signature",
            "PalisadeUpstreamX error=\"body\"; NONE",
            "Basic realm=\"PalisadeUpstream error=body\"; NONE",
            "Basic dXNlcjpwYXNz; NONE",
            "Bearer realm=\"palisade\", error=\"invalid_token\"; NONE",
    })
    void aChallengeIsReadAsWritten(String fields, String fault) {
        List<String> values = Arrays.asList(fields.split("\\|"));
        assertThat(MiddlewareRefusal.fault(401, values)).as(fields).isEqualTo(fault.equals("NONE") ? null : fault.equals("EMPTY") ? "" : fault);
        assertThat(MiddlewareRefusal.fault(403, values)).as("not a 401").isNull();
    }

    /** The middleware's fault when another challenge follows it in its field (RFC 9110 lets an app list several). */
    @Test
    void aFaultIsReadWhenAnotherChallengeFollowsIt() {
        assertThat(MiddlewareRefusal.fault(401, List.of("PalisadeUpstream error=\"nonce\", Basic realm=\"app\""))).isEqualTo("nonce");
    }

    /** Every tchar edge (A Z a z 0 9 and the first listed symbol, !) read in a challenge before the middleware's. */
    @Test
    void aTokenOfEveryTcharEdgeIsReadWhole() {
        assertThat(MiddlewareRefusal.fault(401, List.of("Basic realm=AZaz09!, PalisadeUpstream error=\"body\""))).isEqualTo("body");
    }

    /** A quoted-string's escapes, an unterminated one and a lone backslash at its end are read, never thrown on. */
    @Test
    void quotedStringsAreReadAsWrittenToTheFieldsEnd() {
        assertThat(MiddlewareRefusal.fault(401, List.of("PalisadeUpstream realm=\"say \\\"hi\\\", error=signature\", error=\"nonce\"")))
                .isEqualTo("nonce");
        assertThat(MiddlewareRefusal.fault(401, List.of("PalisadeUpstream error=\"body"))).isEqualTo("body");
        assertThat(MiddlewareRefusal.fault(401, List.of("PalisadeUpstream error=\"body\\"))).isEqualTo("body\\");
    }

    /** A token68's padding at the field's end, and padding before a comma with blank space between. */
    @Test
    void aToken68sPaddingEndsAtTheFieldsEndOrAComma() {
        assertThat(MiddlewareRefusal.fault(401, List.of("PalisadeUpstream abc=="))).isEqualTo("");
        assertThat(MiddlewareRefusal.fault(401, List.of("Bearer abc== , PalisadeUpstream error=nonce"))).isEqualTo("nonce");
    }

    /** Counting is the proxy's aside: whatever it does, the app's answer goes on (a failure is logged, not thrown). */
    @Test
    void aCountThatFailsNeverStopsTheAnswer(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        int[] asked = {0};
        dev.palisade.engine.Meter failing = new dev.palisade.engine.Meter() {
            @Override
            public void upstreamRefused(String fault) {
                asked[0]++;
                throw new IllegalStateException("the meter is broken");
            }
        };
        try (dev.palisade.store.sqlite.SqliteStore store = dev.palisade.store.sqlite.SqliteStore.open(dir.resolve("db"));
             dev.palisade.engine.Engine engine = new dev.palisade.engine.Engine(store, java.time.Clock.systemUTC(),
                     dev.palisade.engine.EngineFixture.fastOptions(), new dev.palisade.http.JettyAddressSets(), failing)) {
            MiddlewareRefusal.count(engine, "/api/a", 401, List.of("PalisadeUpstream error=\"body\""));
            MiddlewareRefusal.count(engine, "/api/a", 200, List.of("PalisadeUpstream error=\"body\""));
        }
        assertThat(asked[0]).as("counted once, the 401 only").isEqualTo(1);
    }
}
