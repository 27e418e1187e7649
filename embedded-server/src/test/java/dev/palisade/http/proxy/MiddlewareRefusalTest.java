package dev.palisade.http.proxy;

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
}
