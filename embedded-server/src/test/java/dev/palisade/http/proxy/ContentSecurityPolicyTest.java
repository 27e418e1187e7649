package dev.palisade.http.proxy;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What Palisade's scripts need, merged into an app's policy: same-origin scripts, worker and fetches, nothing else. */
class ContentSecurityPolicyTest {

    @Test
    void eachRestrictedDirectiveGetsSelfAndTheRestStaysTheApps() {
        assertThat(ContentSecurityPolicy.merge("default-src 'none'; img-src https:"))
                .as("a worker falls back to script-src").isEqualTo("default-src 'none'; img-src https:; script-src 'self'; connect-src 'self'");
        assertThat(ContentSecurityPolicy.merge("script-src 'none'")).isEqualTo("script-src 'self'");
        assertThat(ContentSecurityPolicy.merge("worker-src 'none'")).isEqualTo("worker-src 'self'");
        assertThat(ContentSecurityPolicy.merge("script-src https://cdn.example; connect-src *"))
                .isEqualTo("script-src https://cdn.example 'self'; connect-src *");
        assertThat(ContentSecurityPolicy.merge("script-src 'SELF'")).as("already open").isEqualTo("script-src 'SELF'");
        assertThat(ContentSecurityPolicy.merge("frame-ancestors 'none'")).as("nothing restricted that the scripts need")
                .isEqualTo("frame-ancestors 'none'");
        assertThat(ContentSecurityPolicy.merge("Script-Src 'none'; script-src https:")).as("the first of a directive counts")
                .isEqualTo("script-src 'self'");
        assertThat(ContentSecurityPolicy.merge("")).isEmpty();
        assertThat(ContentSecurityPolicy.merge(null)).isNull();
    }

    @Test
    void policiesInOneHeaderAreEachMergedOnTheirOwn() {
        assertThat(ContentSecurityPolicy.merge("script-src 'none', frame-ancestors 'none'"))
                .isEqualTo("script-src 'self', frame-ancestors 'none'");
        assertThat(ContentSecurityPolicy.merge("default-src 'self',, "))
                .isEqualTo("default-src 'self'; script-src 'self'; connect-src 'self'");
    }
}
