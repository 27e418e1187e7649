package dev.palisade.console.ui.configuration;

import dev.palisade.console.TestServer;
import dev.palisade.console.ui.common.Background;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Configuration › Fingerprint policy against a real server: previewed over recorded mismatches, then applied. */
class FingerprintPolicySectionTest {

    @TempDir
    Path dir;
    private TestServer server;
    private FingerprintPolicySection policy;

    @BeforeEach
    void start() throws Exception {
        server = new TestServer(dir);
        policy = new ConfigurationViewModel(server.admin(), Background.direct()).fingerprintPolicy();
        policy.load();
    }

    @AfterEach
    void stop() { server.close(); }

    @Test
    void aMoreLenientPolicyIsPreviewedOverTheRecordedMismatchesThenApplied() {
        TestServer.Login demo = server.loginDemo();
        String safari = "Mozilla/5.0 (Macintosh) Safari/605.1.15";
        assertThat(server.getAs(demo, "/api/notes", safari)).isEqualTo(401);
        assertThat(policy.actions().get("userAgent").get()).isEqualTo("reauth");
        policy.actions().get("userAgent").set("alert");
        policy.preview();
        assertThat(policy.previewText().get()).contains("let through 1 that were refused")
                .contains("fingerprint_mismatch → allowed");
        assertThat(server.getAs(demo, "/api/notes", safari)).as("nothing applied yet").isEqualTo(401);
        policy.apply();
        assertThat(policy.message().get()).isEqualTo("Applied; in force now.");
        assertThat(server.getAs(demo, "/api/notes", safari)).as("an alert lets the call through").isEqualTo(200);
    }

    @Test
    void applyingOneActionKeepsWhatAnotherOperatorChangedMeanwhile() {
        var stored = server.admin().fingerprintPolicy();
        // another operator trusts a gateway while this form is open, loaded before it
        java.util.Map<String, String> theirActions = new java.util.LinkedHashMap<>(stored.components());
        theirActions.put("userAgent", "alert");
        server.admin().updateFingerprintPolicy(new dev.palisade.console.client.Dtos.FingerprintPolicyView(theirActions,
                stored.ipv4Prefix(), 48, java.util.List.of("10.0.0.5")));
        policy.actions().get("acceptLanguage").set("ignore");
        policy.apply();
        assertThat(policy.message().get()).isEqualTo("Applied; in force now.");
        var now = server.admin().fingerprintPolicy();
        assertThat(now.trustedProxies()).as("the other operator's gateway").containsExactly("10.0.0.5");
        assertThat(now.ipv6Prefix()).isEqualTo(48);
        assertThat(now.components().get("acceptLanguage")).isEqualTo("ignore");
        assertThat(now.components().get("userAgent")).as("the other operator's action, on another component").isEqualTo("alert");
        assertThat(policy.trustedProxies().get()).as("the form shows the policy in force").isEqualTo("10.0.0.5");
        // nothing changed in the form: nothing is sent, nothing replaced
        server.admin().updateFingerprintPolicy(new dev.palisade.console.client.Dtos.FingerprintPolicyView(now.components(),
                20, now.ipv6Prefix(), now.trustedProxies()));
        policy.apply();
        assertThat(server.admin().fingerprintPolicy().ipv4Prefix()).isEqualTo(20);
    }

    @Test
    void aRefusedPolicyChangesNothingAndSaysWhy() {
        policy.actions().get("userAgent").set("deny");
        policy.apply();
        assertThat(policy.message().get()).startsWith("Refused, nothing changed: components.userAgent:");
        policy.ipv4Prefix().set("twenty");
        policy.apply();
        assertThat(policy.message().get()).startsWith("The address prefixes are whole numbers");
        // the ranges the server holds them to, told before anything is sent (the form had said 0–32 and 0–128)
        policy.ipv4Prefix().set("4");
        policy.apply();
        assertThat(policy.message().get()).isEqualTo("The address prefixes are whole numbers of bits: IPv4 8–32, IPv6 16–128.");
        policy.load();
        assertThat(policy.actions().get("userAgent").get()).isEqualTo("reauth");
        assertThat(FingerprintPolicySection.actionsFor("automation")).contains("deny");
        assertThat(FingerprintPolicySection.actionsFor("userAgent")).doesNotContain("deny");
    }

    @Test
    void afterALoadThatFailedApplyAndPreviewSendNothing() throws Exception {
        var before = server.admin().fingerprintPolicy();
        var admin = server.admin(); // the same port when the server is back
        FingerprintPolicySection[] form = new FingerprintPolicySection[1];
        server = server.awayDuring(() -> {
            form[0] = new ConfigurationViewModel(admin, Background.direct()).fingerprintPolicy();
            form[0].load();
        });
        policy = form[0];
        assertThat(policy.actions()).as("unknown, shown empty").isEmpty();
        policy.ipv4Prefix().set("24");
        policy.ipv6Prefix().set("64");
        policy.preview();
        assertThat(policy.previewText().get()).isEmpty();
        policy.apply();
        assertThat(policy.message().get()).isEqualTo("Not applied: the fingerprint policy was never loaded from the server."
                + " Reload it first.");
        assertThat(server.admin().fingerprintPolicy()).as("the server's policy stays").isEqualTo(before);

        policy.load();
        policy.apply();
        assertThat(policy.message().get()).isEqualTo("Applied; in force now.");
    }

    /*
     * Session 52 (audit 51 M2): a Preview the server was too busy to make (503 report_busy: it replays the stored
     * mismatches) said "Refused, nothing changed: …". It says when to try again; nothing was refused.
     */
    @Test
    void aPreviewTheServerIsTooBusyToMakeSaysWhenToTryAgain() {
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(60), () -> {
            policy.actions().get("userAgent").set("alert");
            dev.palisade.console.BusyReports.ofStoredEvents(server, policy::preview);
            assertThat(policy.previewText().get()).isEqualTo("The server is busy with other reports: try the preview again in 5 s.");
            assertThat(policy.message().get()).as("nothing was refused").isEmpty();
        });
    }
}
