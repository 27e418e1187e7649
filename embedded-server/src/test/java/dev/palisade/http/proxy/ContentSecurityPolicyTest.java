package dev.palisade.http.proxy;

import org.junit.jupiter.api.Test;

import java.util.List;

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

    @Test
    void theNonceForPalisadesTagsIsTheFirstThatAdmitsScriptsAndOnlyACspBase64Value() {
        assertThat(ContentSecurityPolicy.nonce(List.of("img-src 'nonce-no'", "script-src 'self' 'NONCE-abc+/_-=='"))).isEqualTo("abc+/_-==");
        assertThat(ContentSecurityPolicy.nonce(List.of("default-src 'nonce-d3f'; img-src *"))).as("by default-src").isEqualTo("d3f");
        assertThat(ContentSecurityPolicy.nonce(List.of("script-src 'self'; default-src 'nonce-d3f'"))).as("script-src decides").isNull();
        assertThat(ContentSecurityPolicy.nonce(List.of("frame-ancestors 'none', script-src 'nonce-second'"))).isEqualTo("second");
        assertThat(ContentSecurityPolicy.nonce(List.of("script-src 'nonce-a\"b'", "script-src 'nonce-'", "script-src 'nonce-x=y'")))
                .as("nothing that could leave an attribute").isNull();
        assertThat(ContentSecurityPolicy.nonce(List.of())).isNull();
    }

    @Test
    void aPolicyThatAdmitsScriptsByTheNonceKeepsItsScriptSourcesAndItsWorkerGetsSelfAlone() {
        assertThat(ContentSecurityPolicy.merge("script-src 'nonce-n1' 'strict-dynamic' https: 'unsafe-inline'; object-src 'none'", "n1"))
                .isEqualTo("script-src 'nonce-n1' 'strict-dynamic' https: 'unsafe-inline'; object-src 'none'; worker-src https: 'self'");
        assertThat(ContentSecurityPolicy.merge("default-src 'nonce-n1' 'sha256-abc='", "n1")).as("scripts by default-src")
                .isEqualTo("default-src 'nonce-n1' 'sha256-abc='; worker-src 'self'; connect-src 'nonce-n1' 'sha256-abc=' 'self'");
        assertThat(ContentSecurityPolicy.merge("script-src 'nonce-n1'; child-src blob:", "n1")).as("a worker falls back to child-src")
                .isEqualTo("script-src 'nonce-n1'; child-src blob:; worker-src blob: 'self'");
        assertThat(ContentSecurityPolicy.merge("script-src 'nonce-n1'; worker-src 'none'", "n1"))
                .isEqualTo("script-src 'nonce-n1'; worker-src 'self'");
        assertThat(ContentSecurityPolicy.merge("script-src 'nonce-n1' 'self'", "n1")).as("already open to workers")
                .isEqualTo("script-src 'nonce-n1' 'self'; worker-src 'self'");
        assertThat(ContentSecurityPolicy.merge("img-src *", "n1")).as("nothing restricted").isEqualTo("img-src *");
        assertThat(ContentSecurityPolicy.merge("script-src 'nonce-other', script-src 'nonce-n1'", "n1"))
                .as("a policy that does not admit the tags' nonce gets 'self' as before")
                .isEqualTo("script-src 'nonce-other' 'self', script-src 'nonce-n1'; worker-src 'self'");
    }
}
