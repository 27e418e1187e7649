package dev.palisade.http;

import dev.palisade.ServerConfig;
import dev.palisade.engine.MutableClock;
import dev.palisade.http.tls.PemKeys;
import dev.palisade.http.tls.SelfSignedCertificate;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * TLS of Palisade's own: a development certificate or the team's PEM files, HTTP/2 by ALPN, HSTS,
 * checked with OkHttp, curl over HTTP/2 and a real Chromium told to trust the certificate; and a
 * page over plain http on a name that is not localhost, where palisade.js says why it cannot work.
 */
class TlsHttpTest {

    @TempDir
    Path dir;

    static ServerConfig.Tls selfSigned(long hsts) {
        return new ServerConfig.Tls(null, null, List.of("localhost", "127.0.0.1", "::1"), hsts);
    }

    /** An OkHttp client that trusts exactly this certificate. */
    static OkHttpClient trusting(Path cert) throws Exception {
        TrustManagerFactory tmf = trustFactory(cert);
        return new OkHttpClient.Builder().sslSocketFactory(sslContext(tmf).getSocketFactory(), (X509TrustManager) tmf.getTrustManagers()[0])
                .readTimeout(10, TimeUnit.SECONDS).build();
    }

    /** A TLS context that trusts exactly this certificate. */
    static SSLContext trustingContext(Path cert) throws Exception {
        return sslContext(trustFactory(cert));
    }

    private static TrustManagerFactory trustFactory(Path cert) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(cert)) {
            trust.setCertificateEntry("palisade", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        return tmf;
    }

    private static SSLContext sslContext(TrustManagerFactory tmf) throws Exception {
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        return ssl;
    }

    @Test
    void aDevelopmentCertificateServesHttp2WithHstsAndIsKeptAcrossRestarts() throws Exception {
        String fingerprint;
        try (ServerFixture s = new ServerFixture(dir, MutableClock.realTime(), c -> c.withTls(selfSigned(31_536_000)))) {
            SelfSignedCertificate.Made made = s.server.selfSignedCertificate();
            assertThat(made.fresh()).isTrue();
            assertThat(s.server.apiUri().getScheme()).isEqualTo("https");
            fingerprint = made.sha256();
            try (Response r = trusting(made.cert()).newCall(new Request.Builder().url(s.api("/")).build()).execute()) {
                assertThat(r.code()).isEqualTo(200);
                assertThat(r.protocol()).as("ALPN chose HTTP/2").isEqualTo(Protocol.HTTP_2);
                assertThat(r.header("Strict-Transport-Security")).isEqualTo("max-age=31536000");
                assertThat(r.body().string()).contains("palisade.js");
            }
            // fuzz54: Jetty's own refusals, made before any handler or customizer, went without it
            SSLContext trust = trustingContext(made.cert());
            String tooLarge = rawOverTls(trust, s.server.apiUri().getPort(), "GET / HTTP/1.1\r\nHost: localhost\r\nX-Big: "
                    + "a".repeat(10 * 1024) + "\r\n\r\n"); // over the 8 KiB a request's headers may have
            assertThat(tooLarge).startsWith("HTTP/1.1 431").containsIgnoringCase("Strict-Transport-Security: max-age=31536000");
            String badUri = rawOverTls(trust, s.server.apiUri().getPort(), "GET /a b HTTP/1.1\r\nHost: localhost\r\n\r\n");
            assertThat(badUri).startsWith("HTTP/1.1 400").containsIgnoringCase("Strict-Transport-Security: max-age=31536000");
            // curl, as a developer checks it: HTTP/2 over TLS, trusting only this certificate
            Process curl = new ProcessBuilder("curl", "-s", "--http2", "-A", "tls-test", "--cacert", made.cert().toString(), "-o", "/dev/null",
                    "-w", "%{http_version} %{http_code}", s.api("/api/notes")).redirectErrorStream(true).start();
            assertThat(curl.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("2 401");
            // an untrusting client is refused at the handshake, as it should be
            assertThatThrownBy(() -> new OkHttpClient().newCall(new Request.Builder().url(s.api("/")).build()).execute())
                    .isInstanceOf(javax.net.ssl.SSLHandshakeException.class);
        }
        try (ServerFixture again = new ServerFixture(dir, MutableClock.realTime(), c -> c.withTls(selfSigned(0)))) {
            assertThat(again.server.selfSignedCertificate().fresh()).as("kept in the data directory").isFalse();
            assertThat(again.server.selfSignedCertificate().sha256()).isEqualTo(fingerprint);
            try (Response r = trusting(again.server.selfSignedCertificate().cert()).newCall(
                    new Request.Builder().url(again.api("/")).build()).execute()) {
                assertThat(r.header("Strict-Transport-Security")).as("no HSTS unless asked for").isNull();
            }
        }
        assertThat(SelfSignedCertificate.forNames(dir, List.of("shop.test"), Instant.now()).fresh())
                .as("other names: a new certificate").isTrue();
    }

    @Test
    void plainHttpToTheTlsPortIsAnsweredWithAProblemThatSaysHttps() throws Exception {
        try (ServerFixture s = new ServerFixture(dir, MutableClock.realTime(), c -> c.withTls(selfSigned(0)))) {
            int port = s.server.apiUri().getPort();
            // what a developer's curl http://localhost:PORT/ sends: an HTTP/1.1 request in the clear
            try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
                socket.setSoTimeout(10_000);
                socket.getOutputStream().write(("GET /api/orders HTTP/1.1\r\nHost: localhost:" + port
                        + "\r\nUser-Agent: curl/8\r\nAccept: */*\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(answer).startsWith("HTTP/1.1 400 ");
                assertThat(answer).containsIgnoringCase("content-type: application/problem+json");
                assertThat(answer).containsIgnoringCase("connection: close");
                String body = answer.substring(answer.indexOf("\r\n\r\n") + 4);
                assertThat(body).contains("\"status\":400").contains("https://");
                assertThat(answer).containsIgnoringCase("content-length: " + body.getBytes(StandardCharsets.UTF_8).length);
            }
            // the port still speaks TLS to a TLS client
            try (Response r = trusting(s.server.selfSignedCertificate().cert()).newCall(new Request.Builder().url(s.api("/")).build()).execute()) {
                assertThat(r.code()).isEqualTo(200);
            }
        }
    }

    @Test
    void theTeamsOwnPemFilesServeAndAWrongPairIsRefusedClearly(@TempDir Path other) throws Exception {
        Path certs = dir.resolve("certs");
        Files.createDirectories(certs);
        run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "30", "-subj", "/CN=localhost",
                "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost", "-keyout", certs.resolve("rsa.key").toString(),
                "-out", certs.resolve("rsa.crt").toString());
        run("openssl", "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", certs.resolve("ec.key").toString());
        Path cert = certs.resolve("rsa.crt");
        try (ServerFixture s = new ServerFixture(other, MutableClock.realTime(),
                c -> c.withTls(new ServerConfig.Tls(cert, certs.resolve("rsa.key"), List.of(), 0)))) {
            try (Response r = trusting(cert).newCall(new Request.Builder().url(s.api("/")).build()).execute()) {
                assertThat(r.code()).isEqualTo(200);
            }
        }
        assertThatThrownBy(() -> PemKeys.keyStore(cert, certs.resolve("ec.key"))).hasMessageContaining("is a EC key")
                .hasMessageContaining("RSA");
        Files.writeString(certs.resolve("junk.crt"), "not a certificate");
        assertThatThrownBy(() -> PemKeys.keyStore(certs.resolve("junk.crt"), certs.resolve("rsa.key")))
                .hasMessageContaining("junk.crt");
        assertThatThrownBy(() -> PemKeys.keyStore(cert, cert)).hasMessageContaining("holds no unencrypted private key");
        // fuzz54: one file with the certificate and its key, in either order (as nginx and HAProxy take it), is both
        Path both = certs.resolve("both.pem");
        Path keyFirst = certs.resolve("key-first.pem");
        Files.writeString(both, Files.readString(cert) + Files.readString(certs.resolve("rsa.key")));
        Files.writeString(keyFirst, Files.readString(certs.resolve("rsa.key")) + Files.readString(cert));
        for (Path combined : List.of(both, keyFirst)) {
            try (ServerFixture s = new ServerFixture(other.resolve(combined.getFileName().toString()), MutableClock.realTime(),
                    c -> c.withTls(new ServerConfig.Tls(combined, combined, List.of(), 0)))) {
                try (Response r = trusting(cert).newCall(new Request.Builder().url(s.api("/")).build()).execute()) {
                    assertThat(r.code()).as(combined.getFileName().toString()).isEqualTo(200);
                }
            }
        }
    }

    /* The audit of session 48 (L10): TLS 1.2 also offered CBC suites, outside Mozilla's intermediate profile. */
    @Test
    void tlsTwelveOffersAeadSuitesOnly() throws Exception {
        try (ServerFixture s = new ServerFixture(dir, MutableClock.realTime(), c -> c.withTls(selfSigned(0)))) {
            String hostPort = "127.0.0.1:" + s.server.apiUri().getPort();
            assertThat(handshake(hostPort, "ECDHE-ECDSA-AES128-SHA256:ECDHE-ECDSA-AES256-SHA384")).as("CBC").contains("alert");
            assertThat(handshake(hostPort, "ECDHE-ECDSA-AES128-GCM-SHA256")).as("GCM").contains("Cipher is ECDHE-ECDSA-AES128-GCM-SHA256");
        }
    }

    /** What openssl says of a TLS 1.2 handshake offering only {@code ciphers}. */
    private static String handshake(String hostPort, String ciphers) throws Exception {
        Process p = new ProcessBuilder("openssl", "s_client", "-connect", hostPort, "-tls1_2", "-cipher", ciphers)
                .redirectErrorStream(true).start();
        p.getOutputStream().close();
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    /*
     * The audit of session 48 (M1): a certificate that ran out while the server ran was never told. Its health stays
     * ok (the review: failing it stopped the service at its start gate, admin API and console with it).
     */
    @Test
    void aCertificateThatRunsOutWhileTheServerRunsIsToldAsAnEventAndItsEndIsAMetric(@TempDir Path other) throws Exception {
        java.time.Instant now = java.time.Instant.now();
        SelfSignedCertificate.Made ending = SelfSignedCertificate.forNames(dir.resolve("ending"), List.of("localhost", "127.0.0.1"),
                now.minus(java.time.Duration.ofDays(397 - 10))); // 397 days long: it ends 10 days from now
        MutableClock clock = new MutableClock(now);
        try (ServerFixture s = new ServerFixture(other, clock,
                c -> c.withTls(new ServerConfig.Tls(ending.cert(), ending.key(), List.of(), 0)))) {
            OkHttpClient client = trusting(ending.cert()); // checks the dates by this machine's clock, not the server's
            long end;
            try (InputStream in = Files.newInputStream(ending.cert())) {
                end = ((X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in)).getNotAfter().getTime() / 1000;
            }
            assertThat(s.metricsHolding("palisade_tls_certificate_expiry_timestamp_seconds"))
                    .contains("palisade_tls_certificate_expiry_timestamp_seconds " + (double) end);

            clock.advance(java.time.Duration.ofDays(11)); // as the server's clock reads it: the certificate ran out

            String told = s.systemEventDetail("tls_certificate_expired");
            assertThat(told).as("an event within a look or two of the watcher (2 s each)").isNotNull();
            assertThat(told).contains(ending.cert().toString()).contains("renew it");
            try (Response r = client.newCall(new Request.Builder().url(s.api("/_palisade/health")).build()).execute()) {
                assertThat(r.code()).as("the service's start gate and the balancers' probe").isEqualTo(200);
            }
        }
    }

    /* Review 48b: which advice the self-signed certificate's warnings give was held by no test. */
    @Test
    void theSelfSignedCertificateNearingItsEndIsToldToBeMadeAnewByARestart() throws Exception {
        MutableClock clock = new MutableClock(java.time.Instant.now());
        try (ServerFixture s = new ServerFixture(dir, clock, c -> c.withTls(selfSigned(0)))) {
            clock.advance(java.time.Duration.ofDays(390)); // a server left running for most of the certificate's life
            String told = s.systemEventDetail("tls_certificate_expiring");
            assertThat(told).as("within a look or two of the watcher").isNotNull()
                    .contains("the self-signed certificate").contains("restart the server").doesNotContain("new files");
        }
    }

    @Test
    void aKeyOfAnotherCertificateStopsTheStartNamingBothFiles(@TempDir Path other) throws Exception {
        Path certs = Files.createDirectories(dir.resolve("certs"));
        Path certA = dev.palisade.http.tls.OpenSslFiles.selfSigned(certs, "a", "rsa:2048");
        dev.palisade.http.tls.OpenSslFiles.selfSigned(certs, "b", "rsa:2048");
        Path keyB = dev.palisade.http.tls.OpenSslFiles.key(certs, "b");
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            port = free.getLocalPort();
        }
        // were it to start, every handshake would fail: close it and fail for that
        assertThatThrownBy(() -> new ServerFixture(other, MutableClock.realTime(),
                c -> c.withPorts(port, 0).withTls(new ServerConfig.Tls(certA, keyB, List.of(), 0))).close())
                .rootCause().hasMessageContaining(keyB.toString()).hasMessageContaining(certA.toString())
                .hasMessageContaining("does not belong to the certificate");
        assertThatThrownBy(() -> new java.net.Socket("127.0.0.1", port).close()).as("nothing listens")
                .isInstanceOf(java.net.ConnectException.class);
    }

    @Test
    void aRenewalIsServedWithoutARestartAndAHalfDoneOneKeepsTheOld(@TempDir Path other) throws Exception {
        // as certbot keeps them: live/ names link to numbered files in archive/, switched at a renewal
        Path archive = Files.createDirectories(dir.resolve("archive"));
        Path live = Files.createDirectories(dir.resolve("live"));
        X509Certificate a = certificate(dev.palisade.http.tls.OpenSslFiles.selfSigned(archive, "1", "rsa:2048"));
        X509Certificate b = certificate(dev.palisade.http.tls.OpenSslFiles.selfSigned(archive, "2", "rsa:2048"));
        String nameA = a.getSubjectX500Principal().getName();
        String nameB = b.getSubjectX500Principal().getName();
        Path cert = Files.createSymbolicLink(live.resolve("fullchain.pem"), archive.resolve("1.crt"));
        Path key = Files.createSymbolicLink(live.resolve("privkey.pem"), archive.resolve("1.key"));
        try (ServerFixture s = new ServerFixture(other, MutableClock.realTime(),
                c -> c.withTls(new ServerConfig.Tls(cert, key, List.of(), 0)))) {
            int port = s.server.port();
            assertThat(served(port, a, b)).isEqualTo(nameA);

            // the new certificate beside the old key: not a pair, so the old one goes on being served
            relink(cert, archive.resolve("2.crt"));
            long checks = System.nanoTime() + Duration.ofSeconds(8).toNanos(); // several of the watcher's looks
            while (System.nanoTime() < checks) {
                assertThat(served(port, a, b)).isEqualTo(nameA);
                Thread.sleep(250);
            }
            relink(key, archive.resolve("2.key"));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!served(port, a, b).equals(nameB) && System.nanoTime() < deadline) Thread.sleep(250);
            assertThat(served(port, a, b)).as("the renewed certificate, without a restart").isEqualTo(nameB);
            try (Response r = trusting(archive.resolve("2.crt")).newCall(new Request.Builder().url(s.api("/")).build()).execute()) {
                assertThat(r.code()).isEqualTo(200);
            }
        }
    }

    /** What the server answers {@code request} sent as is over TLS (HTTP/1.1: no ALPN), head and body. */
    private static String rawOverTls(SSLContext trust, int port, String request) throws Exception {
        try (javax.net.ssl.SSLSocket socket = (javax.net.ssl.SSLSocket) trust.getSocketFactory().createSocket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            java.io.ByteArrayOutputStream answer = new java.io.ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            try {
                for (int n; (n = socket.getInputStream().read(buffer)) > 0; ) answer.write(buffer, 0, n);
            } catch (java.io.IOException closedWhileWriting) {
                // the server may close while the rest of a refused request is still arriving
            }
            return answer.toString(StandardCharsets.ISO_8859_1);
        }
    }

    /** The certificate a new TLS handshake is shown (a client that trusts both, and resumes no session). */
    private static String served(int port, X509Certificate... trusted) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        for (int i = 0; i < trusted.length; i++) trust.setCertificateEntry("t" + i, trusted[i]);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        try (javax.net.ssl.SSLSocket socket = (javax.net.ssl.SSLSocket) ssl.getSocketFactory().createSocket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.startHandshake();
            return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSubjectX500Principal().getName();
        }
    }

    private static X509Certificate certificate(Path file) throws Exception {
        try (InputStream in = Files.newInputStream(file)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    /** Points a link elsewhere in one step, as certbot does. */
    private static void relink(Path link, Path target) throws Exception {
        Path next = Files.createSymbolicLink(link.resolveSibling(link.getFileName() + ".next"), target);
        Files.move(next, link, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
    }

    @Test
    void aBrowserToldToTrustTheCertificateLogsInOverTls(@TempDir Path profile) throws Exception {
        try (ServerFixture s = new ServerFixture(dir, MutableClock.realTime(), c -> c.withTls(selfSigned(0)))) {
            s.ensureUser("alice");
            WebDriver browser = Browser.person(profile, "--ignore-certificate-errors-spki-list="
                    + s.server.selfSignedCertificate().spkiSha256());
            try {
                browser.get(s.api("/"));
                WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
                wait.withMessage(() -> "page status: " + browser.findElement(By.id("status")).getText());
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login")));
                browser.findElement(By.name("username")).sendKeys("alice");
                browser.findElement(By.name("password")).sendKeys(ServerFixture.PASSWORD);
                browser.findElement(By.cssSelector("#login button")).click();
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("app")));
                assertThat(browser.findElement(By.id("status")).getText()).isEqualTo("Logged in as alice.");
                assertThat(browser.getCurrentUrl()).startsWith("https://");
            } finally {
                browser.quit();
            }
        }
    }

    @Test
    void overPlainHttpOnAnotherNamePalisadeJsSaysWhyItCannotWork(@TempDir Path profile) {
        try (ServerFixture s = new ServerFixture(dir, MutableClock.realTime())) {
            s.ensureUser("alice");
            WebDriver browser = Browser.person(profile, "--host-resolver-rules=MAP shop.test 127.0.0.1");
            try {
                browser.get("http://shop.test:" + s.server.port() + "/");
                WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
                wait.withMessage(() -> "page status: " + browser.findElement(By.id("status")).getText());
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login")));
                browser.findElement(By.name("username")).sendKeys("alice");
                browser.findElement(By.name("password")).sendKeys(ServerFixture.PASSWORD);
                browser.findElement(By.cssSelector("#login button")).click();
                wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "insecure_context"));
                assertThat(browser.findElement(By.id("status")).getText()).contains("https");
            } finally {
                browser.quit();
            }
        }
    }
}
