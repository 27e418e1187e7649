package dev.palisade.http.tls;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A certificate chain and its private key from PEM files, as certbot, mkcert or openssl write
 * them (the key as PKCS#8, PKCS#1 RSA or SEC1 EC), in a key store for Jetty. The key must be the first
 * certificate's, proven by a signature, and the chain in order: a key store takes any key beside any
 * certificate, and a server started with a wrong pair fails every handshake.
 */
public final class PemKeys {

    /** The key store's entry and password: in memory only, never written. */
    static final String ALIAS = "palisade";
    static final char[] PASSWORD = "in-memory".toCharArray();

    private PemKeys() {}

    /** @throws IllegalArgumentException saying which file is wrong and how */
    public static KeyStore keyStore(Path certFile, Path keyFile) {
        List<X509Certificate> chain = certificates(certFile);
        PrivateKey key = privateKey(keyFile);
        checkPair(chain, key, certFile, keyFile);
        checkOrder(chain, certFile);
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(ALIAS, key, PASSWORD, chain.toArray(new X509Certificate[0]));
            return store;
        } catch (Exception e) {
            throw new IllegalArgumentException("the key in " + keyFile + " and the certificates in " + certFile
                    + " cannot be used together: " + e.getMessage(), e);
        }
    }

    /**
     * The served certificate must be valid at {@code now}: a renewal that has expired or is not valid yet
     * (an old backup put back, a clock far off) would fail every client's handshake.
     *
     * @throws IllegalArgumentException saying when it is valid
     */
    static void checkValidAt(KeyStore keys, Path certFile, java.time.Instant now) throws NotYetValid {
        X509Certificate first = served(keys);
        String span = "the certificate in " + certFile + " (" + subject(first) + ") is valid from "
                + first.getNotBefore().toInstant() + " to " + first.getNotAfter().toInstant();
        try {
            first.checkValidity(java.util.Date.from(now));
        } catch (java.security.cert.CertificateExpiredException e) {
            throw new IllegalArgumentException(span + ", not now", e);
        } catch (java.security.cert.CertificateNotYetValidException e) {
            throw new NotYetValid(span + ": taken once it is");
        }
    }

    /** Why the served certificate fails a handshake at {@code now} (expired, not valid yet, unreadable), or null. */
    public static String invalidAt(KeyStore keys, Path certFile, java.time.Instant now) {
        try {
            checkValidAt(keys, certFile, now);
            return null;
        } catch (NotYetValid e) {
            return e.getMessage().replace(": taken once it is", ", not yet: browsers refuse it until then");
        } catch (IllegalArgumentException e) {
            return e.getMessage() + ": browsers refuse it; renew it (the new files are served without a restart)";
        }
    }

    /**
     * Why browsers refuse the served certificate's kind of key whatever its dates (an EdDSA one: no browser takes it
     * in TLS, though openssl and other clients do), or null. Start, banner and health looked fine while every
     * browser's handshake failed without a line in the log.
     */
    public static String keyBrowsersRefuse(KeyStore keys, Path certFile) {
        String algorithm = served(keys).getPublicKey().getAlgorithm();
        return switch (algorithm) {
            case "EdDSA", "Ed25519", "Ed448" -> "the certificate in " + certFile + " is for an " + algorithm + " key, which"
                    + " browsers do not accept in TLS (other clients may): serve an EC (P-256) or RSA certificate to browsers";
            default -> null;
        };
    }

    /** The certificate served from a key store {@link #keyStore} made: the first of its chain. */
    static X509Certificate served(KeyStore keys) {
        try {
            return (X509Certificate) keys.getCertificate(ALIAS);
        } catch (java.security.KeyStoreException e) {
            throw new IllegalStateException("a key store made here is loaded: " + e.getMessage(), e);
        }
    }

    /** A certificate that will be valid later: looked at again until then, not refused for good. */
    static final class NotYetValid extends Exception {
        NotYetValid(String message) {
            super(message, null, false, false);
        }
    }

    /** The key must be the first certificate's: the one a client is shown and checks the handshake with. */
    private static void checkPair(List<X509Certificate> chain, PrivateKey key, Path certFile, Path keyFile) {
        X509Certificate first = chain.get(0);
        try {
            if (KeyPairProof.matches(key, first.getPublicKey())) return;
        } catch (IllegalArgumentException unusable) {
            throw new IllegalArgumentException(keyFile + " holds " + unusable.getMessage(), unusable);
        }
        for (int i = 1; i < chain.size(); i++) {
            if (KeyPairProof.matches(key, chain.get(i).getPublicKey())) {
                throw new IllegalArgumentException("the key in " + keyFile + " belongs to certificate " + (i + 1) + " of "
                        + chain.size() + " in " + certFile + " (" + subject(chain.get(i)) + "): the server's own certificate"
                        + " must come first, then the ones that issued it, as in certbot's fullchain.pem");
            }
        }
        if (!first.getPublicKey().getAlgorithm().equals(key.getAlgorithm())) {
            throw new IllegalArgumentException(keyFile + " is a " + key.getAlgorithm() + " key, but the certificate in " + certFile
                    + " is for a " + first.getPublicKey().getAlgorithm() + " key");
        }
        throw new IllegalArgumentException("the key in " + keyFile + " does not belong to the certificate in " + certFile
                + " (" + subject(first) + "): they are halves of two key pairs (was one renewed without the other?)");
    }

    /** Each certificate is followed by the one that issued it, as clients (and the key store) expect. */
    private static void checkOrder(List<X509Certificate> chain, Path certFile) {
        for (int i = 0; i + 1 < chain.size(); i++) {
            X509Certificate issued = chain.get(i);
            X509Certificate next = chain.get(i + 1);
            if (!issued.getIssuerX500Principal().equals(next.getSubjectX500Principal())) {
                throw new IllegalArgumentException("the certificates in " + certFile + " are out of order: certificate "
                        + (i + 1) + " (" + subject(issued) + ") was issued by " + issued.getIssuerX500Principal().getName()
                        + ", but certificate " + (i + 2) + " is " + subject(next) + "; each must be followed by the one"
                        + " that issued it, as in certbot's fullchain.pem");
            }
        }
    }

    private static String subject(X509Certificate c) {
        return c.getSubjectX500Principal().getName();
    }

    /** A PEM certificate block; what else a file holds (its key, comments) is not the certificates'. */
    private static final java.util.regex.Pattern CERTIFICATE_BLOCK = java.util.regex.Pattern.compile(
            "-----BEGIN CERTIFICATE-----[A-Za-z0-9+/=\\s]*-----END CERTIFICATE-----");

    /**
     * The chain in {@code certFile}: its certificate blocks in order, so a file that holds the key too (as nginx and
     * HAProxy take one) serves as both --tls-cert and --tls-key; the JDK's reader took the key's block for a broken
     * certificate ("signed fields invalid", fuzz54). A file without a block (DER) is read whole.
     */
    static List<X509Certificate> certificates(Path certFile) {
        try (InputStream in = certificateBytes(certFile)) {
            List<X509Certificate> chain = CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
                    .map(c -> (X509Certificate) c).toList();
            if (chain.isEmpty()) throw new IllegalArgumentException(certFile + " holds no certificate");
            return chain;
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the certificate " + certFile + ": " + dev.palisade.config.FileTrouble.why(e), e);
        } catch (CertificateException e) {
            throw new IllegalArgumentException(certFile + " is not a PEM certificate: " + e.getMessage(), e);
        }
    }

    private static InputStream certificateBytes(Path certFile) throws IOException {
        byte[] bytes = Files.readAllBytes(certFile);
        java.util.regex.Matcher blocks = CERTIFICATE_BLOCK.matcher(new String(bytes, StandardCharsets.ISO_8859_1));
        StringBuilder pem = new StringBuilder();
        while (blocks.find()) pem.append(blocks.group()).append('\n');
        return new java.io.ByteArrayInputStream(pem.isEmpty() ? bytes : pem.toString().getBytes(StandardCharsets.US_ASCII));
    }

    static PrivateKey privateKey(Path keyFile) {
        try (Reader in = Files.newBufferedReader(keyFile, StandardCharsets.US_ASCII); PEMParser pem = new PEMParser(in)) {
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            for (Object o = pem.readObject(); o != null; o = pem.readObject()) {
                if (o instanceof PrivateKeyInfo info) return converter.getPrivateKey(info);
                if (o instanceof PEMKeyPair pair) return converter.getKeyPair(pair).getPrivate();
            }
            throw new IllegalArgumentException(keyFile + " holds no unencrypted private key (PKCS#8, RSA or EC PEM)");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the key " + keyFile + ": " + dev.palisade.config.FileTrouble.why(e), e);
        }
    }
}
