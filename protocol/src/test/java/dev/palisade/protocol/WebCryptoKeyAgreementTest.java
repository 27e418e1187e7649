package dev.palisade.protocol;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The key agreement against an independent implementation: node's WebCrypto, with the very calls
 * palisade.js makes (a non-extractable ECDH key, deriveKey ECDH → HKDF → HMAC with length 256), signs;
 * the Java side derives the key from its own private key and must produce the same MAC.
 */
class WebCryptoKeyAgreementTest {

    private static final Path NODE = Path.of("/usr/bin/node");
    private static final String MESSAGE = "\"@method\": GET\n\"@signature-params\": (\"@method\")";

    private static final String SCRIPT = """
            const subtle = globalThis.crypto.subtle;
            const enc = new TextEncoder();
            let input = '';
            process.stdin.on('data', d => input += d).on('end', async () => {
              const out = [];
              for (const c of JSON.parse(input)) {
                const pair = await subtle.generateKey({name: 'ECDH', namedCurve: 'P-256'}, false, ['deriveKey']);
                const pub = await subtle.exportKey('jwk', pair.publicKey);
                const server = await subtle.importKey('jwk', {kty: 'EC', crv: 'P-256', x: c.x, y: c.y, ext: true},
                    {name: 'ECDH', namedCurve: 'P-256'}, false, []);
                const secret = await subtle.deriveKey({name: 'ECDH', public: server}, pair.privateKey, {name: 'HKDF'},
                    false, ['deriveKey']);
                const key = await subtle.deriveKey({name: 'HKDF', hash: 'SHA-256', salt: enc.encode(c.sid),
                    info: enc.encode('palisade signing key v1')}, secret, {name: 'HMAC', hash: 'SHA-256', length: 256},
                    false, ['sign']);
                const mac = await subtle.sign('HMAC', key, enc.encode(c.message));
                out.push({x: pub.x, y: pub.y, mac: Buffer.from(mac).toString('base64')});
              }
              console.log(JSON.stringify(out));
            });
            """;

    @Test
    void nodesWebCryptoAndJavaDeriveTheSameSigningKey() throws Exception {
        if (!Files.isExecutable(NODE)) {
            if (System.getenv("CI") != null) throw new IllegalStateException("CI needs node for this test (apt-get install nodejs)");
            Assumptions.assumeTrue(false, "node is not installed");
        }
        List<KeyPair> servers = new ArrayList<>();
        StringBuilder in = new StringBuilder("[");
        for (int i = 0; i < 64; i++) {
            KeyPair server = P256.generate();
            servers.add(server);
            String[] xy = P256.jwk((ECPublicKey) server.getPublic());
            in.append(i == 0 ? "" : ",").append("{\"x\":\"").append(xy[0]).append("\",\"y\":\"").append(xy[1])
                    .append("\",\"sid\":\"session-").append(i).append("\",\"message\":")
                    .append("\"\\\"@method\\\": GET\\n\\\"@signature-params\\\": (\\\"@method\\\")\"}");
        }
        String out = run(in.append(']').toString());
        Matcher m = Pattern.compile("\\{\"x\":\"([^\"]+)\",\"y\":\"([^\"]+)\",\"mac\":\"([^\"]+)\"}").matcher(out);
        int checked = 0;
        while (m.find()) {
            assertThat(m.group(1)).as("WebCrypto keeps leading zero bytes too").hasSize(43);
            byte[] shared = P256.sharedSecret(servers.get(checked).getPrivate(), P256.publicKey(m.group(1), m.group(2)));
            byte[] key = SigningKeyAgreement.derive(shared, "session-" + checked);
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            assertThat(Base64.getEncoder().encodeToString(mac.doFinal(MESSAGE.getBytes(StandardCharsets.UTF_8))))
                    .as("client %d", checked).isEqualTo(m.group(3));
            checked++;
        }
        assertThat(checked).as(out).isEqualTo(64);
    }

    private static String run(String stdin) throws Exception {
        Path script = Files.createTempFile("webcrypto", ".mjs");
        try {
            Files.writeString(script, SCRIPT);
            Process p = new ProcessBuilder(NODE.toString(), script.toString()).redirectErrorStream(true).start();
            p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(out).isZero();
            return out;
        } finally {
            Files.deleteIfExists(script);
        }
    }
}
