package dev.palisade.engine.config;

import dev.palisade.engine.InvalidInputException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProxyRoutesTest {

    @Test
    void aPrefixMatchesItselfAndWhatIsUnderItOnly() {
        ProxyRoutes routes = ProxyRoutes.validated(List.of("/static/*", "/health"), List.of("/app/*"));
        assertThat(routes.isClientPage("/app")).isTrue();
        assertThat(routes.isClientPage("/app/")).isTrue();
        assertThat(routes.isClientPage("/app/orders/7")).isTrue();
        assertThat(routes.isClientPage("/apps")).as("a longer segment is not under it").isFalse();
        assertThat(routes.isClientPage("/ap")).isFalse();
        assertThat(routes.isClientPage("/api/app/x")).isFalse();
        ProxyRoutes staticOnly = ProxyRoutes.validated(List.of("/static/*", "/health"), List.of("/"));
        assertThat(staticOnly.isPublic("/health")).isTrue();
        assertThat(staticOnly.isPublic("/health/x")).as("an exact path is that path only").isFalse();
        assertThat(staticOnly.isPublic("/static/app.js")).isTrue();
        assertThat(staticOnly.isPublic("/staticx")).isFalse();
        assertThat(staticOnly.isPublic("/")).isFalse();
        assertThat(staticOnly.isPublic("/stat")).isFalse();
    }

    /** Asked on every proxied call: once compiled, matching a prefix builds no string. */
    @Test
    void matchingAPrefixAllocatesNothing() {
        ProxyRoutes routes = ProxyRoutes.validated(List.of("/favicon.ico", "/static/*", "/assets-of-app/*"), List.of("/", "/app/*"));
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long allocated = Long.MAX_VALUE;
        int matched = 0;
        for (int round = 0; round < 40 && allocated >= 4_096; round++) { // until compiled, a bounded number of times
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 50_000; i++) {
                if (routes.isPublic("/api/notes/7") || routes.isClientPage("/api/notes/7")) throw new AssertionError("matched");
                if (routes.isPublic("/static/app.js")) matched++;
            }
            allocated = threads.getCurrentThreadAllocatedBytes() - before;
        }
        assertThat(matched).isPositive();
        assertThat(allocated).as("bytes allocated for 100,000 routings, once compiled").isLessThan(4_096);
    }

    @Test
    void aPatternListedTwiceOrAsBothPublicAndAClientPageIsRefusedByItsPlace() {
        assertThatThrownBy(() -> ProxyRoutes.validated(List.of("/health", "/static/*", "/health"), List.of("/")))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.errors()).hasSize(1);
                    assertThat(e.errors().get(0).field()).isEqualTo("publicPaths[2]");
                    assertThat(e.errors().get(0).message()).contains("/health").contains("publicPaths[0]");
                });
        // the proxy serves it as a client page and the decide listener passes it as public: one meaning each
        assertThatThrownBy(() -> ProxyRoutes.validated(List.of("/app/*"), List.of("/", "/app/*")))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.errors()).hasSize(1);
                    assertThat(e.errors().get(0).field()).isEqualTo("clientPages[1]");
                    assertThat(e.errors().get(0).message()).contains("publicPaths[0]");
                });
        // neighbours that differ are each their own route
        assertThat(ProxyRoutes.validated(List.of("/static/*", "/static"), List.of("/", "/static/app.html")).publicPaths())
                .containsExactly("/static/*", "/static");
    }

    @Test
    void routesStoredWithARepeatBeforeItWasRefusedAreReadWithoutIt() {
        // a stored value that no longer validated was read as the defaults: every public path protected after an upgrade
        ProxyRoutes read = ProxyRoutes.decode("/health,/static/*,/health\n/,/app/*,/static/*");
        assertThat(read.publicPaths()).as("a page before public, as the proxy served it").containsExactly("/health");
        assertThat(read.clientPages()).containsExactly("/", "/app/*", "/static/*");
    }

    /*
     * Found in a review: one pattern stored before this version refused it (a ;, a dot segment,
     * /_palisade) made the whole document fall back to the defaults: the app's public paths protected,
     * its pages other than / no longer served as pages.
     */
    @Test
    void aStoredPatternThisVersionRefusesIsLeftOutAndTheOthersKept() {
        ProxyRoutes read = ProxyRoutes.decode("/health,/v1;x/*,/_palisade/x\n/,/app/*,/a/../auth/*");
        assertThat(read.publicPaths()).containsExactly("/health");
        assertThat(read.clientPages()).containsExactly("/", "/app/*");
        assertThat(ProxyRoutes.decode("no newline")).as("unreadable").isEqualTo(ProxyRoutes.defaults());
    }
}
