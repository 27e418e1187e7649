package dev.palisade.http.tls;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BiConsumer;

/**
 * The dates of the certificate the API listener serves, judged as time passes. A certificate that ran out while
 * the server ran (a renewal pipeline broken) was served without a word: health ok, nothing logged, while every
 * browser refused it. It is told (log and event) once 14 days before it expires, once 3 days before, and once it
 * has; its end is a metric to alert on. Not a failing health check: a service unit's start gate would stop the
 * server (admin API included) while it lasts, and a balancer that does not check the certificate would drop
 * every node at once.
 */
public final class ServedCertificate {

    /** How long before its end each warning comes; the last one is the end itself. */
    static final Duration[] WARNINGS = {Duration.ofDays(14), Duration.ofDays(3), Duration.ZERO};
    private static final Logger LOG = LoggerFactory.getLogger(ServedCertificate.class);

    private final String source;
    /** What renews it, for a person: the team's files, or a restart for the self-signed one. */
    private final String renewal;
    private final BiConsumer<String, String> notice;
    private volatile X509Certificate served;
    /** The last warning told for the certificate served: an index of {@link #WARNINGS}, -1 for none. */
    private int told = -1;

    /**
     * @param notice records an event: its code ({@code tls_certificate_expiring}, {@code tls_certificate_expired})
     *               and detail
     */
    private ServedCertificate(String source, String renewal, KeyStore keys, BiConsumer<String, String> notice) {
        this.source = source;
        this.renewal = renewal;
        this.notice = notice;
        this.served = PemKeys.served(keys);
    }

    /** The team's certificate, from {@code certFile}: renewed by writing new files, served without a restart. */
    public static ServedCertificate files(java.nio.file.Path certFile, KeyStore keys, BiConsumer<String, String> notice) {
        return new ServedCertificate(certFile.toString(), "renew it (the new files are served without a restart)", keys,
                notice);
    }

    /** {@code --tls-self-signed}'s, which a start makes anew once fewer than 30 days are left. */
    public static ServedCertificate selfSigned(java.nio.file.Path certFile, KeyStore keys, BiConsumer<String, String> notice) {
        return new ServedCertificate("the self-signed certificate " + certFile,
                "restart the server (a start makes a new one once fewer than 30 days are left)", keys, notice);
    }

    /** A renewal is served from now on: its own warnings come in their time. */
    synchronized void serving(KeyStore keys) {
        served = PemKeys.served(keys);
        told = -1;
    }

    /** When the certificate served ends. */
    public Instant notAfter() {
        return served.getNotAfter().toInstant();
    }

    /** Tells the warning {@code now} has reached, if not told yet for the certificate served. */
    synchronized void judge(Instant now) {
        Instant end = notAfter();
        int reached = -1;
        for (int i = 0; i < WARNINGS.length; i++) {
            if (!now.isBefore(end.minus(WARNINGS[i]))) reached = i;
        }
        if (reached <= told) return;
        told = reached;
        if (reached == WARNINGS.length - 1) {
            String detail = "the TLS certificate served (" + source + ") expired at " + end + ": browsers refuse every"
                    + " connection until a renewal is served; " + renewal;
            LOG.warn("TLS: {}", detail);
            notice.accept("tls_certificate_expired", detail);
        } else {
            long days = (Duration.between(now, end).toSeconds() + 86_399) / 86_400; // 13 days and an hour: in 14
            String detail = "the TLS certificate served (" + source + ") expires at " + end + ", in " + days
                    + (days == 1 ? " day" : " days") + ", and browsers refuse every connection from then on: " + renewal;
            LOG.warn("TLS: {}", detail);
            notice.accept("tls_certificate_expiring", detail);
        }
    }
}
