package dev.palisade;

import dev.palisade.engine.EngineOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class StartBannerTest {

    @TempDir
    Path dir;

    private ServerConfig config() {
        return ServerConfig.defaults().withDataDir(dir).withPorts(0, 0)
                .withEngine(EngineOptions.defaults().withPasswordIterations(1_000));
    }

    /* Behind a gateway the app verifies Palisade's signature too, but the start never said where the key was. */
    @Test
    void aGatewaysDecisionsNameTheKeyTheAppVerifiesWith() throws Exception {
        try (PalisadeServer server = PalisadeServer.start(config().withDecide(new ServerConfig.Decide("127.0.0.1", 0)))) {
            assertThat(String.join("\n", PalisadeMain.banner(server.config(), server)))
                    .contains("upstream.key:        " + dir.resolve(DataDirectory.UPSTREAM_KEY_FILE))
                    .contains("gateway decisions:");
        }
        try (PalisadeServer demo = PalisadeServer.start(config())) {
            assertThat(String.join("\n", PalisadeMain.banner(demo.config(), demo))).doesNotContain("upstream.key")
                    .doesNotContain("admin API listens");
        }
    }

    /* Behind a gateway without trusted proxies every caller is the gateway: one caller's refusals auto-blocked them all. */
    /* An audit's find: a missing or empty upstream.key was made anew without a word; the app holding the old one refused every call. */
    @Test
    void anUpstreamKeyMadeAtThisStartIsSaidToBe() throws Exception {
        ServerConfig decides = config().withDecide(new ServerConfig.Decide("127.0.0.1", 0));
        try (PalisadeServer first = PalisadeServer.start(decides)) {
            assertThat(String.join("\n", PalisadeMain.banner(first.config(), first))).contains("(made now: give it to your app, which verifies");
        }
        try (PalisadeServer again = PalisadeServer.start(decides)) {
            assertThat(String.join("\n", PalisadeMain.banner(again.config(), again))).doesNotContain("made now");
        }
        java.nio.file.Files.writeString(dir.resolve(DataDirectory.UPSTREAM_KEY_FILE), "");
        try (PalisadeServer emptied = PalisadeServer.start(decides)) {
            assertThat(String.join("\n", PalisadeMain.banner(emptied.config(), emptied))).contains("(made now: give it to your app, which verifies");
        }
    }

    @Test
    void aGatewayWithoutTrustedProxiesIsWarnedOf() throws Exception {
        try (PalisadeServer server = PalisadeServer.start(config().withDecide(new ServerConfig.Decide("127.0.0.1", 0)))) {
            String warning = "warning: no trusted proxies are set";
            assertThat(String.join("\n", PalisadeMain.banner(server.config(), server))).contains(warning);
            server.engine().operator(dev.palisade.engine.admin.Actor.OWNER).updateFingerprintPolicy(p ->
                    new dev.palisade.engine.fingerprint.FingerprintPolicy(p.actions(), p.ipv4Prefix(), p.ipv6Prefix(),
                            java.util.List.of("127.0.0.1")));
            assertThat(String.join("\n", PalisadeMain.banner(server.config(), server))).doesNotContain(warning);
        }
    }

    /* An expired certificate was served from the start without a word; every browser refused it. */
    @Test
    void anExpiredCertificateIsServedButSaidToBe() throws Exception {
        var expired = dev.palisade.http.tls.SelfSignedCertificate.forNames(dir.resolve("old"), java.util.List.of("localhost"),
                java.time.Instant.now().minus(java.time.Duration.ofDays(500)));
        try (PalisadeServer server = PalisadeServer.start(config().withTls(new ServerConfig.Tls(expired.cert(), expired.key(),
                java.util.List.of(), 0)))) {
            assertThat(String.join("\n", PalisadeMain.banner(server.config(), server)))
                    .contains("warning: the certificate in " + expired.cert()).contains("not now").contains("browsers refuse it");
        }
        var current = dev.palisade.http.tls.SelfSignedCertificate.forNames(dir.resolve("new"), java.util.List.of("localhost"),
                java.time.Instant.now());
        try (PalisadeServer server = PalisadeServer.start(config().withTls(new ServerConfig.Tls(current.cert(), current.key(),
                java.util.List.of(), 0)))) {
            assertThat(server.certificateWarning()).isNull();
        }
    }

    /* The audit of session 48 (L3): an Ed25519 certificate started and looked healthy; every browser's handshake failed. */
    @Test
    void aCertificateForAKeyBrowsersDoNotTakeIsServedButSaidToBe() throws Exception {
        java.nio.file.Path certs = java.nio.file.Files.createDirectories(dir.resolve("ed"));
        java.nio.file.Path cert = dev.palisade.http.tls.OpenSslFiles.selfSigned(certs, "ed", "ed25519");
        try (PalisadeServer server = PalisadeServer.start(config().withTls(new ServerConfig.Tls(cert,
                dev.palisade.http.tls.OpenSslFiles.key(certs, "ed"), java.util.List.of(), 0)))) {
            assertThat(String.join("\n", PalisadeMain.banner(server.config(), server)))
                    .contains("warning: the certificate in " + cert + " is for an EdDSA key")
                    .contains("browsers do not accept");
        }
    }

    /* The admin listener on another interface sends the owner's token in clear, and the start said nothing. */
    @Test
    void anAdminListenerOffLoopbackIsWarnedOf() throws Exception {
        try (PalisadeServer server = PalisadeServer.start(config().withAdminBind("0.0.0.0"))) {
            assertThat(String.join("\n", PalisadeMain.banner(server.config(), server)))
                    .contains("warning: the admin API listens on 0.0.0.0 over plain http").contains("SSH tunnel");
        }
    }
}
