package dev.palisade.http.tls;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;

import static dev.palisade.http.tls.OpenSslFiles.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A key store takes any key beside any certificate: a key of another pair must be refused here, at
 * start, not by every client's handshake later.
 */
class PemKeysTest {

    @TempDir
    Path dir;

    @Test
    void aKeyOfAnotherRsaPairIsRefusedNamingBothFiles() throws Exception {
        Path a = OpenSslFiles.selfSigned(dir, "a", "rsa:2048");
        OpenSslFiles.selfSigned(dir, "b", "rsa:2048");
        assertThat(PemKeys.keyStore(a, key(dir, "a")).isKeyEntry(PemKeys.ALIAS)).isTrue();
        assertThatThrownBy(() -> PemKeys.keyStore(a, key(dir, "b")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(key(dir, "b").toString()).hasMessageContaining(a.toString())
                .hasMessageContaining("does not belong to the certificate");
    }

    @Test
    void aKeyOfAnotherEcPairIsRefused() throws Exception {
        Path a = OpenSslFiles.selfSigned(dir, "a", "ec:" + curve("prime256v1"));
        OpenSslFiles.selfSigned(dir, "b", "ec:" + curve("prime256v1"));
        OpenSslFiles.selfSigned(dir, "c", "ec:" + curve("secp384r1"));
        assertThat(PemKeys.keyStore(a, key(dir, "a")).isKeyEntry(PemKeys.ALIAS)).isTrue();
        assertThatThrownBy(() -> PemKeys.keyStore(a, key(dir, "b"))).hasMessageContaining("does not belong to the certificate");
        assertThatThrownBy(() -> PemKeys.keyStore(a, key(dir, "c"))).as("another curve")
                .hasMessageContaining("does not belong to the certificate");
    }

    @Test
    void aChainInTheWrongOrderIsRefusedForWhatItIs() throws Exception {
        Path ca = OpenSslFiles.selfSigned(dir, "ca", "rsa:2048");
        Path leaf = OpenSslFiles.issuedBy(dir, "leaf", "ca");
        Path fullchain = Files.writeString(dir.resolve("fullchain.pem"), Files.readString(leaf) + Files.readString(ca));
        KeyStore keys = PemKeys.keyStore(fullchain, key(dir, "leaf"));
        assertThat(keys.getCertificateChain(PemKeys.ALIAS)).hasSize(2);
        assertThat(((X509Certificate) keys.getCertificate(PemKeys.ALIAS)).getSubjectX500Principal().getName()).contains("leaf");

        Path reversed = Files.writeString(dir.resolve("reversed.pem"), Files.readString(ca) + Files.readString(leaf));
        assertThatThrownBy(() -> PemKeys.keyStore(reversed, key(dir, "leaf")))
                .hasMessageContaining(reversed.toString()).hasMessageContaining("certificate 2 of 2")
                .hasMessageContaining("must come first");
        Path stranger = OpenSslFiles.selfSigned(dir, "stranger", "rsa:2048");
        Path mixed = Files.writeString(dir.resolve("mixed.pem"), Files.readString(leaf) + Files.readString(stranger));
        assertThatThrownBy(() -> PemKeys.keyStore(mixed, key(dir, "leaf")))
                .hasMessageContaining(mixed.toString()).hasMessageContaining("out of order")
                .hasMessageContaining("certificate 2 is CN=localhost stranger");
    }

    @Test
    void anEd25519PairIsTakenAndItsStrangerRefused() throws Exception {
        Path a = OpenSslFiles.selfSigned(dir, "a", "ed25519");
        OpenSslFiles.selfSigned(dir, "b", "ed25519");
        assertThat(PemKeys.keyStore(a, key(dir, "a")).isKeyEntry(PemKeys.ALIAS)).isTrue();
        assertThatThrownBy(() -> PemKeys.keyStore(a, key(dir, "b"))).hasMessageContaining("does not belong to the certificate");
    }

    /* The audit of session 48 (L2): a matching pair on a curve Java does not implement was called two key pairs. */
    @Test
    void aPairOnACurveThisJavaCannotSignWithIsRefusedForThatNotAsAMixUp() throws Exception {
        Path cert = OpenSslFiles.selfSigned(dir, "k1", "ec:" + curve("secp256k1"));
        assertThatThrownBy(() -> PemKeys.keyStore(cert, key(dir, "k1"))).hasMessageContaining("cannot sign with")
                .hasMessageContaining("P-256").hasMessageNotContaining("does not belong");
    }

    /* The audit of session 48 (L4): "cannot read the key k.key: k.key" said neither why nor what to do. */
    @Test
    void aKeyThatCannotBeReadIsRefusedSayingWhy() throws Exception {
        Path cert = OpenSslFiles.selfSigned(dir, "w", "rsa:2048");
        assertThatThrownBy(() -> PemKeys.keyStore(cert, dir.resolve("missing.key")))
                .hasMessage("cannot read the key " + dir.resolve("missing.key") + ": no such file");
        assertThatThrownBy(() -> PemKeys.keyStore(dir.resolve("missing.crt"), key(dir, "w")))
                .hasMessage("cannot read the certificate " + dir.resolve("missing.crt") + ": no such file");
        Path bom = dir.resolve("bom.key");
        Files.write(bom, concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, Files.readAllBytes(key(dir, "w"))));
        assertThatThrownBy(() -> PemKeys.keyStore(cert, bom)).hasMessageContaining("byte-order mark");
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** A PEM file holding the EC parameters of a named curve, as openssl's -newkey ec: takes them. */
    private Path curve(String name) throws Exception {
        Path file = dir.resolve(name + ".param");
        if (!Files.exists(file)) OpenSslFiles.run("openssl", "ecparam", "-name", name, "-out", file.toString());
        return file;
    }
}
