package dev.palisade.engine.signature;

import java.util.Base64;

/** RFC 9530 {@code Content-Digest}: Palisade uses and checks its {@code sha-256} member. */
public final class ContentDigest {

    private ContentDigest() {}

    public static String header(byte[] sha256) {
        return "sha-256=:" + Base64.getEncoder().encodeToString(sha256) + ":";
    }

    /** @return the sha-256 member's bytes, or null if the field has none or is malformed */
    public static byte[] sha256Of(String field) {
        if (field == null) return null;
        try {
            byte[] v = SignatureHeaders.parseSignatures(field).get("sha-256");
            return v != null && v.length == 32 ? v : null;
        } catch (MalformedSignatureException e) {
            return null;
        }
    }
}
