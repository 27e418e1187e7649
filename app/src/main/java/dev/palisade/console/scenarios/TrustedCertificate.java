package dev.palisade.console.scenarios;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;

/**
 * The certificate the scenarios' clients and browsers trust for their target: a development server's own
 * ({@code --tls-self-signed}, kept in its data folder as {@code tls/self-signed.crt}), which no system trusts.
 * Scripts trust exactly it, whatever names it was made for; Chromium is told its public key's hash, as the
 * server's banner says, and trusts the system's certificates besides.
 *
 * @param spkiSha256 base64 SHA-256 of the certificate's SubjectPublicKeyInfo, for
 *                   {@code --ignore-certificate-errors-spki-list}
 */
public record TrustedCertificate(SSLSocketFactory sockets, X509TrustManager trust, String spkiSha256) {

    /** Reads a PEM (or DER) certificate; an unreadable or malformed file is an IOException that names it. */
    public static TrustedCertificate read(Path file) throws IOException {
        X509Certificate cert;
        try (InputStream in = Files.newInputStream(file)) {
            cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IOException(file + ": no such file", e);
        } catch (java.security.cert.CertificateException | ClassCastException e) {
            throw new IOException(file + " holds no X.509 certificate (" + e.getMessage() + ")", e);
        }
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("server", cert);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, tmf.getTrustManagers(), null);
            String spki = Base64.getEncoder().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(cert.getPublicKey().getEncoded()));
            return new TrustedCertificate(tls.getSocketFactory(), (X509TrustManager) tmf.getTrustManagers()[0], spki);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot trust " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() { return "TrustedCertificate[" + spkiSha256 + "]"; }
}
