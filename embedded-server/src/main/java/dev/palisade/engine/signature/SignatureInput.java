package dev.palisade.engine.signature;

import java.util.List;

/**
 * One signature's parameters from {@code Signature-Input}, with the raw serialisation of its
 * parameters (the value of {@code @signature-params} in the signature base).
 *
 * @param created seconds since the epoch, or -1 when absent
 * @param expires seconds since the epoch, or -1 when absent
 */
public record SignatureInput(String label, List<String> components, long created, long expires, String keyId, String alg,
                             String nonce, String serializedParams) {

    public SignatureInput {
        components = List.copyOf(components);
    }

    public boolean covers(String component) {
        return components.contains(component);
    }
}
