package dev.palisade.http.decide;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** What a refusal looks like in a header: a gateway copies it into its own answer byte for byte. */
public class DecisionHandlerTest {

    /** The longest forwarded URI taken, for the HTTP tests. */
    public static final int MAX_URI = ForwardedCall.MAX_URI;

    @Test
    void aProblemInAHeaderIsAsciiAndStillTheSameJson() throws Exception {
        String json = "{\"detail\":\"café – ok\",\"code\":\"x\"}";
        String header = DecisionHandler.asciiJson(json.getBytes(StandardCharsets.UTF_8));
        assertThat(header).isEqualTo("{\"detail\":\"caf\\u00e9 \\u2013 ok\",\"code\":\"x\"}");
        assertThat(header.chars()).allMatch(c -> c >= 0x20 && c < 0x7f);
        assertThat(new ObjectMapper().readTree(header)).isEqualTo(new ObjectMapper().readTree(json));
        assertThat(DecisionHandler.asciiJson("{\"d\":\"a\u007fb\"}".getBytes(StandardCharsets.UTF_8)))
                .as("DEL is no header character either").isEqualTo("{\"d\":\"a\\u007fb\"}");
        String plain = "{\"code\":\"rate_limited\"}";
        assertThat(DecisionHandler.asciiJson(plain.getBytes(StandardCharsets.UTF_8))).isEqualTo(plain);
    }

    @Test
    void theAuthorityIsTheHostAskedForWithoutTheDefaultPort() {
        assertThat(ForwardedCall.authority("Shop.Test:80", "http")).isEqualTo("shop.test");
        assertThat(ForwardedCall.authority("shop.test:443", "https")).isEqualTo("shop.test");
        assertThat(ForwardedCall.authority("shop.test:443", "http")).isEqualTo("shop.test:443");
        assertThat(ForwardedCall.authority(null, "http")).isEmpty();
    }

    @Test
    void anAuthorityIsAHostNameOrAddressAndAnOptionalPort() {
        for (String good : new String[] {"shop.test", "shop.test:8000", "127.0.0.1:8080", "[::1]:443", "my_host.local"}) {
            assertThat(ForwardedCall.isAuthority(good)).as(good).isTrue();
        }
        for (String bad : new String[] {"", "a b", "shop.test/x?y", "user@shop.test", "shop.test, proxy.internal", "x".repeat(256)}) {
            assertThat(ForwardedCall.isAuthority(bad)).as(bad).isFalse();
        }
    }
}
