package dev.palisade.http;

import dev.palisade.DataDirectory;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;

/**
 * The upstream signature a verifier expects for what it received, worked out from docs/protocol.md's
 * rules with the JDK's {@code HmacSHA256}, not with Palisade's code.
 */
final class UpstreamSignatures {

    private UpstreamSignatures() {}

    /**
     * @param contentDigest the {@code Content-Digest} received, or null when the signature covers none
     * @param signatureInput the {@code Signature-Input} received
     * @return the {@code Signature} value the upstream should have been sent
     */
    static String expected(Path dataDir, String method, String targetUri, String user, String session,
                           String contentDigest, String signatureInput) throws Exception {
        String base = "\"@method\": " + method + "\n\"@target-uri\": " + targetUri + "\n\"x-palisade-user\": " + user
                + "\n\"x-palisade-session\": " + session
                + (contentDigest == null ? "" : "\n\"content-digest\": " + contentDigest)
                + "\n\"@signature-params\": " + signatureInput.substring("palisade=".length());
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(DataDirectory.upstreamKey(dataDir), "HmacSHA256"));
        return "palisade=:" + Base64.getEncoder().encodeToString(mac.doFinal(base.getBytes(StandardCharsets.UTF_8))) + ":";
    }
}
