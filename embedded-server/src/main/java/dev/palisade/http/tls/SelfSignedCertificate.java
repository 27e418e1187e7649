package dev.palisade.http.tls;

import dev.palisade.store.PrivateFiles;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code --tls-self-signed}: a certificate for development, for the names the server is reached by,
 * kept in the data directory ({@code tls/self-signed.crt} and {@code .key}, the key owner-only) and
 * made again when the names change or fewer than 30 days are left. A browser trusts it only when
 * told to (its SHA-256 fingerprint is printed at start).
 */
public final class SelfSignedCertificate {

    static final Duration LIFETIME = Duration.ofDays(397);
    static final Duration RENEW_BEFORE = Duration.ofDays(30);

    /** The files, and the fingerprints a person compares or a browser is told to trust. */
    public record Made(Path cert, Path key, String sha256, String spkiSha256, boolean fresh) {}

    private SelfSignedCertificate() {}

    public static Made forNames(Path dataDir, List<String> names, Instant now) throws IOException {
        Path dir = dataDir.resolve("tls");
        PrivateFiles.directory(dir);
        Path cert = dir.resolve("self-signed.crt");
        Path key = dir.resolve("self-signed.key");
        Set<String> wanted = new TreeSet<>();
        for (String n : names) {
            java.net.InetAddress ip = dev.palisade.engine.IpLiteral.parse(n);
            wanted.add(ip != null ? ip.getHostAddress() : n.toLowerCase(java.util.Locale.ROOT));
        }
        if (Files.exists(cert) && Files.exists(key)) {
            try {
                X509Certificate existing = PemKeys.certificates(cert).get(0);
                if (subjectNames(existing).equals(wanted) && existing.getNotAfter().toInstant().isAfter(now.plus(RENEW_BEFORE))) {
                    PemKeys.keyStore(cert, key); // the two files must still make a pair, or they are made again
                    return made(cert, key, existing, false);
                }
            } catch (IllegalArgumentException | java.security.cert.CertificateParsingException damaged) {
                // made again below
            }
        }
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
            KeyPair pair = generator.generateKeyPair();
            List<GeneralName> alt = new ArrayList<>();
            for (String n : wanted) {
                alt.add(new GeneralName(dev.palisade.engine.IpLiteral.parse(n) != null ? GeneralName.iPAddress : GeneralName.dNSName, n));
            }
            X500Name subject = new X500Name("CN=" + wanted.iterator().next() + ",O=Palisade development certificate");
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, new BigInteger(64, new SecureRandom()),
                    Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(LIFETIME)), subject, pair.getPublic());
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(alt.toArray(new GeneralName[0])));
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            X509Certificate made = new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
            // each file written whole beside it and then renamed over it: a crash leaves the old file or the
            // new one, never half of one (and a pair of halves is made again at the next start)
            Path newKey = dir.resolve("self-signed.key.new");
            Path newCert = dir.resolve("self-signed.crt.new");
            PrivateFiles.writeNew(newKey, pem("PRIVATE KEY", pair.getPrivate().getEncoded()).getBytes(StandardCharsets.US_ASCII), true);
            PrivateFiles.writeNew(newCert, pem("CERTIFICATE", made.getEncoded()).getBytes(StandardCharsets.US_ASCII), false);
            Files.move(newKey, key, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Files.move(newCert, cert, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return made(cert, key, made, true);
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("cannot make a self-signed certificate: " + e.getMessage(), e);
        }
    }

    private static Made made(Path cert, Path key, X509Certificate c, boolean fresh) {
        try {
            return new Made(cert, key, colonHex(MessageDigest.getInstance("SHA-256").digest(c.getEncoded())),
                    Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(c.getPublicKey().getEncoded())),
                    fresh);
        } catch (Exception e) {
            throw new IllegalStateException("SHA-256 of a certificate", e);
        }
    }

    private static Set<String> subjectNames(X509Certificate c) throws java.security.cert.CertificateParsingException {
        Set<String> names = new TreeSet<>();
        if (c.getSubjectAlternativeNames() != null) {
            for (List<?> n : c.getSubjectAlternativeNames()) names.add(String.valueOf(n.get(1)));
        }
        return names;
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static String colonHex(byte[] bytes) {
        String hex = HexFormat.of().withUpperCase().formatHex(bytes);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < hex.length(); i += 2) out.append(i == 0 ? "" : ":").append(hex, i, i + 2);
        return out.toString();
    }
}
