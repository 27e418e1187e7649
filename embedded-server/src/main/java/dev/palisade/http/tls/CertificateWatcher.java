package dev.palisade.http.tls;

import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A renewed certificate served without a restart. certbot and its kind renew in place (new files
 * behind the same names, or the names linked to new files), and a server that read them once served
 * the old certificate until it expired. Every {@link #INTERVAL} the files are read and compared with
 * those in force; a change is taken once it has held for one look, since a renewal writes the
 * certificate and the key one after the other. It is parsed, its key proven the certificate's, and
 * handed to Jetty, whose new handshakes use it. A renewal that does not parse or match is logged once
 * and the certificate in force kept. Contents, not modification times, are compared: a copy that keeps
 * its time, or a second's clock on the file system, would hide a renewal. Each look also judges the dates of the
 * certificate served ({@link ServedCertificate}), so one running out is told in time.
 */
public final class CertificateWatcher extends AbstractLifeCycle {

    public static final Duration INTERVAL = Duration.ofSeconds(2);
    private static final Logger LOG = LoggerFactory.getLogger(CertificateWatcher.class);

    /** What the two files held at one look: a digest of both, or why they could not be read. */
    public record Contents(String digest) {
        /** Take it before the files are read for the key store: a renewal in between is then seen at the first look. */
        public static Contents of(Path certFile, Path keyFile) {
            try {
                MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
                for (Path file : new Path[] {certFile, keyFile}) {
                    byte[] bytes = Files.readAllBytes(file);
                    sha256.update(MessageDigest.getInstance("SHA-256").digest(bytes));
                    Arrays.fill(bytes, (byte) 0); // the key's bytes: not left to linger until collected
                }
                return new Contents(HexFormat.of().formatHex(sha256.digest()));
            } catch (IOException e) {
                return new Contents("unreadable: " + e); // read again at the next look; refused if it stays so
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is missing from this Java", e);
            }
        }
    }

    private final Path certFile;
    private final Path keyFile;
    private final SslContextFactory.Server tls;
    // touched by the one thread that looks
    private Contents inForce;
    private Contents lastSeen;
    private Contents refused;
    /** A renewal not valid yet, already warned of. */
    private Contents early;
    private ScheduledExecutorService looks;
    private final ServedCertificate served;
    private final java.time.Clock clock;

    /**
     * @param inForce what the files held when the key store {@code tls} serves was read from them; null when no one
     *                renews them in place (the self-signed certificate, made anew at a start): its dates alone are
     *                judged, and the files not read every look
     * @param served  that key store's certificate, whose dates each look judges
     * @param clock   what a renewal's dates, and the served certificate's, are judged by
     */
    public CertificateWatcher(Path certFile, Path keyFile, SslContextFactory.Server tls, Contents inForce,
                              ServedCertificate served, java.time.Clock clock) {
        this.certFile = certFile;
        this.keyFile = keyFile;
        this.tls = tls;
        this.inForce = inForce;
        this.lastSeen = inForce;
        this.served = served;
        this.clock = clock;
    }

    @Override
    protected void doStart() {
        looks = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "palisade-tls-renewals");
            t.setDaemon(true);
            return t;
        });
        looks.scheduleWithFixedDelay(this::lookSafely, INTERVAL.toMillis(), INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    protected void doStop() throws InterruptedException {
        looks.shutdownNow();
        looks.awaitTermination(5, TimeUnit.SECONDS);
    }

    private void lookSafely() {
        try {
            look();
        } catch (RuntimeException e) {
            // a task that throws is never run again: the next renewal would go unseen
            LOG.warn("TLS certificate renewal check of {} failed: {}", certFile, e.toString());
        }
    }

    /** One look at the files: reloads a settled change; then tells what the served certificate's dates call for. */
    void look() {
        try {
            if (inForce != null) lookForRenewal();
        } finally {
            served.judge(clock.instant());
        }
    }

    private void lookForRenewal() {
        Contents now = Contents.of(certFile, keyFile);
        Contents before = lastSeen;
        lastSeen = now;
        if (now.equals(inForce) || now.equals(refused) || !now.equals(before)) return; // the same, refused, or being written
        KeyStore keys;
        try {
            keys = PemKeys.keyStore(certFile, keyFile);
            PemKeys.checkValidAt(keys, certFile, clock.instant());
        } catch (PemKeys.NotYetValid e) {
            if (!now.equals(early)) LOG.warn("TLS certificate not reloaded yet, the one in force is kept: {}", e.getMessage());
            early = now; // said once; looked at again every time until it is valid
            return;
        } catch (IllegalArgumentException e) {
            refused = now;
            LOG.warn("TLS certificate not reloaded, the one in force is kept: {}", e.getMessage());
            return;
        }
        KeyStore previous = tls.getKeyStore();
        try {
            tls.reload(f -> f.setKeyStore(keys));
        } catch (Exception e) {
            refused = now;
            LOG.warn("TLS certificate from {} not taken by Jetty, the one in force is kept: {}", certFile, e.toString());
            restore(previous);
            return;
        }
        inForce = now;
        refused = null;
        served.serving(keys);
        LOG.info("TLS certificate reloaded from {} and {}: {}", certFile, keyFile, describe(keys));
        String kind = PemKeys.keyBrowsersRefuse(keys, certFile);
        if (kind != null) LOG.warn("TLS: {}", kind);
    }

    /** A reload that failed half-way leaves Jetty with no certificate: the old one is put back. */
    private void restore(KeyStore previous) {
        try {
            tls.reload(f -> f.setKeyStore(previous));
        } catch (Exception e) {
            LOG.error("TLS certificate in force could not be restored; new handshakes fail until a renewal loads: {}", e.toString());
        }
    }

    private static String describe(KeyStore keys) {
        X509Certificate c = PemKeys.served(keys);
        return c.getSubjectX500Principal().getName() + ", valid until " + c.getNotAfter().toInstant();
    }
}
