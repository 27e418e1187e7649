package dev.palisade.http.tls;

import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;

import static dev.palisade.http.tls.OpenSslFiles.key;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Renewals look by look, without the watcher's thread: a change is taken once it has held for a look,
 * and one that does not parse or match keeps the certificate in force (Jetty still makes handshakes).
 */
class CertificateWatcherTest {

    @TempDir
    Path dir;

    private final SslContextFactory.Server tls = new SslContextFactory.Server();

    @AfterEach
    void stop() throws Exception {
        tls.stop();
    }

    @Test
    void aSettledRenewalIsTakenAndABadOneKeepsTheCertificateInForce() throws Exception {
        Path made = Files.createDirectories(dir.resolve("made"));
        for (String name : new String[] {"a", "b", "c"}) OpenSslFiles.selfSigned(made, name, "rsa:2048");
        Path cert = Files.copy(made.resolve("a.crt"), dir.resolve("fullchain.pem"));
        Path key = Files.copy(key(made, "a"), dir.resolve("privkey.pem"));
        CertificateWatcher.Contents read = CertificateWatcher.Contents.of(cert, key);
        serve(cert, key);
        CertificateWatcher watcher = new CertificateWatcher(cert, key, tls, read, unwatched(), java.time.Clock.systemUTC());

        watcher.look();
        assertThat(served()).isEqualTo("CN=localhost a");

        // written in place, the certificate first: a look while the key is still the old one takes nothing
        write(made.resolve("b.crt"), cert);
        watcher.look();
        write(key(made, "b"), key);
        watcher.look();
        assertThat(served()).as("not settled yet").isEqualTo("CN=localhost a");
        watcher.look();
        assertThat(served()).as("held for a look: taken").isEqualTo("CN=localhost b");

        Files.writeString(cert, "-----BEGIN CERTIFICATE-----\ntruncated");
        watcher.look();
        watcher.look();
        watcher.look();
        assertThat(served()).as("does not parse").isEqualTo("CN=localhost b");

        write(made.resolve("c.crt"), cert); // the key is still b's
        watcher.look();
        watcher.look();
        assertThat(served()).as("does not match").isEqualTo("CN=localhost b");
        assertThat(tls.newSSLEngine()).as("Jetty still makes handshakes").isNotNull();

        Files.delete(key);
        watcher.look();
        watcher.look();
        assertThat(served()).as("gone").isEqualTo("CN=localhost b");

        write(key(made, "c"), key);
        watcher.look();
        watcher.look();
        assertThat(served()).isEqualTo("CN=localhost c");
    }

    /**
     * A renewal that was no longer (or not yet) valid, such as an old backup put back, was served; one
     * not valid yet is taken once it is.
     */
    @Test
    void aCertificateOutsideItsValidityIsNotTaken() throws Exception {
        java.time.Instant now = java.time.Instant.now();
        SelfSignedCertificate.Made current = SelfSignedCertificate.forNames(dir.resolve("current"), java.util.List.of("current.test"), now);
        SelfSignedCertificate.Made expired = SelfSignedCertificate.forNames(dir.resolve("expired"), java.util.List.of("expired.test"),
                now.minus(java.time.Duration.ofDays(500)));
        // valid from 3 s on: made as of 5 min 3 s ahead, it begins 5 min before that
        SelfSignedCertificate.Made early = SelfSignedCertificate.forNames(dir.resolve("early"), java.util.List.of("early.test"),
                now.plus(java.time.Duration.ofMinutes(5)).plusSeconds(3));
        SelfSignedCertificate.Made renewed = SelfSignedCertificate.forNames(dir.resolve("renewed"), java.util.List.of("renewed.test"), now);
        Path cert = Files.copy(current.cert(), dir.resolve("fullchain.pem"));
        Path key = Files.copy(current.key(), dir.resolve("privkey.pem"));
        serve(cert, key);
        dev.palisade.engine.MutableClock clock = new dev.palisade.engine.MutableClock(now);
        CertificateWatcher watcher = new CertificateWatcher(cert, key, tls, CertificateWatcher.Contents.of(cert, key), unwatched(),
                clock);
        String inForce = served();

        for (SelfSignedCertificate.Made outside : new SelfSignedCertificate.Made[] {expired, early}) {
            write(outside.cert(), cert);
            write(outside.key(), key);
            watcher.look();
            watcher.look();
            assertThat(served()).as(outside.cert().toString()).isEqualTo(inForce);
        }
        // the files still hold the early one: once it is valid, it is taken without being written again
        clock.advance(java.time.Duration.ofSeconds(4));
        watcher.look();
        assertThat(served()).as("not valid yet was no refusal for good").contains("early.test");
        write(renewed.cert(), cert);
        write(renewed.key(), key);
        watcher.look();
        watcher.look();
        assertThat(served()).as("a valid one is taken").contains("renewed.test");
    }

    /*
     * The audit of session 48 (M1): a certificate that ran out while the server ran was served without a word
     * (health ok, nothing logged) while every browser refused it.
     */
    @Test
    void aCertificateRunningOutIsToldFourteenDaysAndThreeDaysBeforeItsEndAndAtItAndARenewalStartsAfresh() throws Exception {
        java.time.Instant now = java.time.Instant.now();
        // made 382 days ago: 397 days long, so it ends 15 days from now
        SelfSignedCertificate.Made ending = SelfSignedCertificate.forNames(dir.resolve("ending"), java.util.List.of("ending.test"),
                now.minus(SelfSignedCertificate.LIFETIME).plus(java.time.Duration.ofDays(15)));
        SelfSignedCertificate.Made renewed = SelfSignedCertificate.forNames(dir.resolve("renewed"), java.util.List.of("renewed.test"), now);
        Path cert = Files.copy(ending.cert(), dir.resolve("fullchain.pem"));
        Path key = Files.copy(ending.key(), dir.resolve("privkey.pem"));
        serve(cert, key);
        java.util.List<String> told = new java.util.ArrayList<>();
        ServedCertificate served = ServedCertificate.files(cert, tls.getKeyStore(), (code, detail) -> told.add(code + ": " + detail));
        dev.palisade.engine.MutableClock clock = new dev.palisade.engine.MutableClock(now);
        CertificateWatcher watcher = new CertificateWatcher(cert, key, tls, CertificateWatcher.Contents.of(cert, key), served, clock);

        watcher.look();
        assertThat(told).as("15 days left").isEmpty();
        clock.advance(java.time.Duration.ofDays(1).plusMinutes(1));
        watcher.look();
        watcher.look();
        assertThat(told).singleElement().asString().startsWith("tls_certificate_expiring: ").contains("in 14 days")
                .contains(cert.toString());
        clock.advance(java.time.Duration.ofDays(11));
        watcher.look();
        assertThat(told).hasSize(2).last().asString().startsWith("tls_certificate_expiring: ").contains("in 3 days");
        clock.advance(java.time.Duration.ofDays(3));
        watcher.look();
        watcher.look();
        assertThat(told).hasSize(3).last().asString().startsWith("tls_certificate_expired: ")
                .contains("renew it (the new files are served without a restart)");
        assertThat(told.get(2)).contains("expired at " + served.notAfter());

        write(renewed.cert(), cert);
        write(renewed.key(), key);
        watcher.look();
        watcher.look();
        assertThat(served()).contains("renewed.test");
        assertThat(served.notAfter()).isAfter(clock.instant().plus(java.time.Duration.ofDays(300)));
        watcher.look();
        assertThat(told).as("nothing to tell of the renewal").hasSize(3);
    }

    /** A served certificate whose warnings no one hears: for the tests of renewals alone. */
    private ServedCertificate unwatched() throws Exception {
        return ServedCertificate.files(dir.resolve("test.pem"), tls.getKeyStore(), (code, detail) -> { });
    }

    /* The review of session 48: the self-signed certificate was told to be renewed in files no one writes. */
    @Test
    void theSelfSignedCertificateIsToldToBeMadeAnewByARestart() throws Exception {
        java.time.Instant now = java.time.Instant.now();
        SelfSignedCertificate.Made ending = SelfSignedCertificate.forNames(dir.resolve("ending"), java.util.List.of("ending.test"),
                now.minus(SelfSignedCertificate.LIFETIME).plus(java.time.Duration.ofDays(2)));
        java.util.List<String> told = new java.util.ArrayList<>();
        ServedCertificate served = ServedCertificate.selfSigned(ending.cert(), PemKeys.keyStore(ending.cert(), ending.key()),
                (code, detail) -> told.add(detail));

        served.judge(now);

        assertThat(told).singleElement().asString().contains("the self-signed certificate " + ending.cert())
                .contains("in 2 days").contains("restart the server").doesNotContain("new files");
    }

    /** Jetty's TLS context serving the pair, as the listener's does before the watcher's first look. */
    private void serve(Path cert, Path key) throws Exception {
        tls.setKeyStore(PemKeys.keyStore(cert, key));
        tls.setKeyStorePassword(new String(PemKeys.PASSWORD));
        tls.start();
    }

    private String served() throws Exception {
        return ((X509Certificate) tls.getKeyStore().getCertificate(PemKeys.ALIAS)).getSubjectX500Principal().getName();
    }

    private static void write(Path from, Path to) throws Exception {
        Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
}
