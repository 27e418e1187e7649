package dev.palisade.engine.session;

/** How a session began: a browser that proved its bootstrap, or a caller holding an API key. */
public enum SessionOrigin {
    BROWSER, API_KEY;

    public String label() { return name().toLowerCase(java.util.Locale.ROOT); }

    public static SessionOrigin ofLabel(String label) {
        return valueOf(label.toUpperCase(java.util.Locale.ROOT));
    }
}
