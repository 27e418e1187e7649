package dev.palisade.engine.signature;

import java.util.List;

/** Builds the RFC 9421 §2.5 signature base: one line per covered component, then {@code @signature-params}. */
public final class SignatureBase {

    private SignatureBase() {}

    /**
     * @return the base, or null when a covered component is missing from the message (or unknown)
     */
    public static String of(SignedMessage message, List<String> components, String serializedParams) {
        Utf8Buffer b = new Utf8Buffer();
        if (!write(message, components, serializedParams, b)) return null;
        return new String(b.bytes(), 0, b.length(), java.nio.charset.StandardCharsets.UTF_8);
    }

    private static String value(SignedMessage m, String component) {
        return switch (component) {
            case "@method" -> m.method();
            case "@authority" -> m.authority();
            case "@path" -> m.path();
            case "@query" -> "?" + (m.query() == null ? "" : m.query());
            case "@signature-params" -> null;
            default -> component.startsWith("@") ? null : m.header(component);
        };
    }

    /**
     * The base written as UTF-8 into {@code out} (a per-thread buffer the
     * caller reuses), so checking a signature allocates no base string and no byte copy of it.
     *
     * @return false when a covered component is missing from the message (or unknown)
     */
    public static boolean write(SignedMessage message, List<String> components, String serializedParams, Utf8Buffer out) {
        out.clear();
        for (String component : components) {
            if (!line(message, component, out)) return false;
        }
        out.append("\"@signature-params\": ").append(serializedParams);
        return true;
    }

    /** The base of the signature read into {@code fields}, as {@link #write(SignedMessage, List, String, Utf8Buffer)}. */
    public static boolean write(SignedMessage message, SignatureFields fields, Utf8Buffer out) {
        out.clear();
        for (int i = 0; i < fields.componentCount(); i++) {
            if (!line(message, fields.component(i), out)) return false;
        }
        out.append("\"@signature-params\": ");
        fields.appendParams(out);
        return true;
    }

    private static boolean line(SignedMessage message, String component, Utf8Buffer out) {
        String value = value(message, component);
        if (value == null) return false;
        out.append('"').append(component).append("\": ").append(value).append('\n');
        return true;
    }

    /** Serialises covered components and parameters the way {@link SignatureHeaders} reads them. */
    public static String serializeParams(List<String> components, long created, String keyId, String alg, String nonce) {
        StringBuilder b = new StringBuilder("(");
        for (int i = 0; i < components.size(); i++) {
            if (i > 0) b.append(' ');
            b.append('"').append(components.get(i)).append('"');
        }
        b.append(");created=").append(created).append(";keyid=\"").append(keyId).append('"');
        if (alg != null) b.append(";alg=\"").append(alg).append('"');
        if (nonce != null) b.append(";nonce=\"").append(nonce).append('"');
        return b.toString();
    }
}
