package dev.palisade.engine;

import dev.palisade.engine.check.SequenceRulesPaths;
import dev.palisade.engine.rate.RateWindow;
import dev.palisade.engine.rate.Scope;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A limit's route matches the spellings an upstream routes alike (other capitals, one trailing
 * slash) and nothing that only starts alike.
 */
class RoutePathsTest {

    @Test
    void aRouteIsItselfInAnyCaseAndWithOneTrailingSlash() {
        assertThat(RoutePaths.is("/api/orders", "/api/orders")).isTrue();
        assertThat(RoutePaths.is("/api/orders", "/API/Orders")).isTrue();
        assertThat(RoutePaths.is("/api/orders", "/api/orders/")).isTrue();
        assertThat(RoutePaths.is("/api/orders/", "/api/orders")).isTrue();
        assertThat(RoutePaths.is("/api/orders", "/api/orders/7")).isFalse();
        assertThat(RoutePaths.is("/api/orders", "/api/ordersx")).isFalse();
        assertThat(RoutePaths.is("/api/orders", "/api/order")).isFalse();
        assertThat(RoutePaths.is("/api/orders", "/api/orders//")).as("one slash only").isFalse();
        assertThat(RoutePaths.is("/", "/")).isTrue();
        assertThat(RoutePaths.is("/", "/x")).isFalse();
    }

    @Test
    void aRouteCoversWhatLiesBelowItInAnyCase() {
        assertThat(RoutePaths.isUnder("/api/notes", "/API/NOTES/7")).isTrue();
        assertThat(RoutePaths.isUnder("/api/notes", "/api/Notes/")).isTrue();
        assertThat(RoutePaths.isUnder("/api/notes/", "/api/notes")).isTrue();
        assertThat(RoutePaths.isUnder("/api/notes", "/api/notesx")).isFalse();
        assertThat(RoutePaths.isUnder("/api/notes", "/api/note")).isFalse();
        assertThat(RoutePaths.isUnder("/api/notes", "/api")).isFalse();
        assertThat(RoutePaths.isUnder("/", "/anything")).isTrue();
    }

    /*
     * Audit 49: Rails (`(.:format)`) and Spring MVC before 5.3 route /api/orders.json to /api/orders' action, so a
     * rule or a window on /api/orders was dodged by adding .json.
     */
    @Test
    void aRouteWithAFormatSuffixIsTheRouteItself() {
        assertThat(RoutePaths.is("/api/orders", "/api/orders.json")).isTrue();
        assertThat(RoutePaths.is("/api/orders", "/API/Orders.XML/")).isTrue();
        assertThat(RoutePaths.is("/api/orders/", "/api/orders.csv")).isTrue();
        // Rails takes any text up to a / or . as the format, Spring any text after the dot (none too): so does a limit
        for (String format : java.util.List.of("/api/orders.", "/api/orders.j", "/api/orders.js-on", "/api/orders.a_b",
                "/api/orders.json.xml", "/api/orders..json", "/api/orders.json/")) {
            assertThat(RoutePaths.is("/api/orders", format)).as(format).isTrue();
            assertThat(RoutePaths.isUnder("/api/orders", format)).as(format).isTrue();
        }
        assertThat(RoutePaths.isUnder("/api/orders", "/api/orders.json")).isTrue();
        assertThat(RoutePaths.isUnder("/api/orders", "/api/orders/7.json")).isTrue();
        for (String other : java.util.List.of("/api/ordersx.json", "/api/orders.json/7", "/api/orders.json//", "/api/order.json")) {
            assertThat(RoutePaths.is("/api/orders", other)).as(other).isFalse();
            assertThat(RoutePaths.isUnder("/api/orders", other)).as(other).isFalse();
        }
        assertThat(SequenceRulesPaths.isPrior("/api/cart", "/api/cart.json")).as("a prior grants: only as spelt").isFalse();
    }

    @Test
    void rateWindowsAndSequenceRulesMatchThisWay() {
        RateWindow notes = new RateWindow(Scope.SESSION, 5, 1, "/api/notes");
        assertThat(notes.covers("/API/notes/7")).isTrue();
        assertThat(notes.covers("/api/notesx")).isFalse();
        assertThat(notes.covers("/api/notes.json")).isTrue();
        assertThat(SequenceRulesPaths.matches("/api/orders", "/api/orders.json")).isTrue();
        assertThat(SequenceRulesPaths.matches("/api/orders", "/Api/Orders/")).isTrue();
        assertThat(SequenceRulesPaths.matches("/api/orders", "/api/orders/7")).isFalse();
        assertThat(SequenceRulesPaths.matches("/api/notes/*", "/API/notes/7")).isTrue();
        assertThat(SequenceRulesPaths.matches("/api/notes/*", "/api/notes")).isTrue();
        assertThat(SequenceRulesPaths.matches("/api/notes/*", "/api/notesx")).isFalse();
        assertThat(SequenceRulesPaths.matches("/*", "/x/y")).isTrue();
    }

    /** A call's path arrives with its dot segments resolved and never holds a broken escape: such a route matches none. */
    @Test
    void aRouteThatCouldMatchNoCallIsToldWhy() {
        for (String fine : new String[] {"/x%41", "/x%0a/b", "/a%41b", "/v1.2/..x/.well", "/"}) {
            assertThat(RoutePaths.neverMatched(fine)).as(fine).isNull();
        }
        for (String broken : new String[] {"/a%4", "/a%", "/a%g1", "/a%1g", "/a%%41"}) {
            assertThat(RoutePaths.neverMatched(broken)).as(broken).contains("escape").contains(broken);
        }
        for (String dots : new String[] {"/a/./b", "/a/../b", "/a/%2E%2e/b", "/a/%2e", "/.."}) {
            assertThat(RoutePaths.neverMatched(dots)).as(dots).contains(". or ..").contains(dots);
        }
    }
}
