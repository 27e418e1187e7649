package dev.palisade.http.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.http.ServerFixture;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /admin/price}: what a page served to an address asks now, and which terms of its record raised it. */
class PriceHttpTest extends dev.palisade.http.ServerTest {

    @Test
    void anAddressRefusedElevenTimesIsAskedThreeBitsMoreAndSaysWhy() {
        for (int i = 0; i < 11; i++) assertThat(s.get(s.api("/api/items"), null).code()).isEqualTo(401);
        JsonNode price = s.adminCall("GET", "/admin/price?ip=127.0.0.1", null).json();
        int base = price.get("base").asInt();
        assertThat(price.get("ip").asText()).isEqualTo("127.0.0.1");
        assertThat(price.get("bits").asInt()).as("+2 for its refusals, +1 for its /24's").isEqualTo(base + 3);
        assertThat(price.get("puzzles").asInt()).isPositive();
        assertThat(price.has("addressBits")).as("the figure the price checks compare, told: " + price).isTrue();
        assertThat(price.get("addressBits").asInt()).as("no login flood: the address's own bits are the page's")
                .isEqualTo(price.get("bits").asInt());
        Map<String, int[]> terms = new HashMap<>();
        price.get("terms").forEach(t -> terms.put(t.get("name").asText(), new int[] {t.get("count").asInt(), t.get("bits").asInt()}));
        assertThat(terms).containsOnlyKeys("denials", "networkDenials", "liveSessions", "pageLoads", "networkPageLoads",
                "busyLoginSeconds");
        assertThat(terms.get("denials")).containsExactly(11, 2);
        assertThat(terms.get("networkDenials")).containsExactly(11, 1);
        assertThat(s.adminCall("GET", "/admin/price?ip=127.0.0.9", null).json().get("bits").asInt())
                .as("a neighbour pays its /24's bit alone").isEqualTo(base + 1);
        JsonNode clean = s.adminCall("GET", "/admin/price?ip=%3A%3Affff%3A10.9.9.9", null).json();
        assertThat(clean.get("ip").asText()).as("written as the server writes addresses").isEqualTo("10.9.9.9");
        assertThat(clean.get("bits").asInt()).isEqualTo(base);
        assertThat(clean.get("addressBits").asInt()).isEqualTo(base);
    }

    @Test
    void anAddressIsRequiredAndOneAddressOnly() {
        for (String query : new String[] {"", "?ip=", "?ip=10.0.0.0%2F8", "?ip=example.com", "?ip=1.2.3.4&ip=1.2.3.5"}) {
            ServerFixture.Reply r = s.adminCall("GET", "/admin/price" + query, null);
            assertThat(r.code()).as(query + ": " + r).isEqualTo(400);
            assertThat(r.json().get("code").asText()).isEqualTo("bad_request");
        }
        assertThat(s.adminCall("POST", "/admin/price?ip=1.2.3.4", "{}").code()).isEqualTo(405);
    }
}
