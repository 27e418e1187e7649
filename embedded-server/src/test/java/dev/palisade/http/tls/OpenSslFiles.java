package dev.palisade.http.tls;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Certificates and keys made by openssl, as a team makes its own (certbot and mkcert write the same
 * PEM): {@code NAME.crt} beside {@code NAME.key}.
 */
public final class OpenSslFiles {

    private OpenSslFiles() {}

    /** A self-signed certificate for localhost and 127.0.0.1; {@code keyType} as openssl's -newkey takes it. */
    public static Path selfSigned(Path dir, String name, String keyType) throws Exception {
        run("openssl", "req", "-x509", "-newkey", keyType, "-nodes", "-days", "30", "-subj", "/CN=localhost " + name,
                "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost", "-keyout", key(dir, name).toString(),
                "-out", dir.resolve(name + ".crt").toString());
        return dir.resolve(name + ".crt");
    }

    /** A certificate for localhost issued by {@code ca} (made by {@link #selfSigned}), with its own RSA key. */
    public static Path issuedBy(Path dir, String name, String ca) throws Exception {
        Path csr = dir.resolve(name + ".csr");
        run("openssl", "req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost " + name,
                "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost", "-keyout", key(dir, name).toString(), "-out", csr.toString());
        run("openssl", "x509", "-req", "-in", csr.toString(), "-CA", dir.resolve(ca + ".crt").toString(),
                "-CAkey", key(dir, ca).toString(), "-set_serial", "2", "-days", "30", "-copy_extensions", "copy",
                "-out", dir.resolve(name + ".crt").toString());
        return dir.resolve(name + ".crt");
    }

    public static Path key(Path dir, String name) {
        return dir.resolve(name + ".key");
    }

    public static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
    }
}
