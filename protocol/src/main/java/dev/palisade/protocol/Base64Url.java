package dev.palisade.protocol;

import java.util.Base64;

/** base64url without padding, the form every binary value of the protocol takes in JSON and headers. */
public final class Base64Url {

    private Base64Url() {}

    public static String encode(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** @throws IllegalArgumentException if {@code text} is not base64url */
    public static byte[] decode(String text) {
        return Base64.getUrlDecoder().decode(text);
    }
}
