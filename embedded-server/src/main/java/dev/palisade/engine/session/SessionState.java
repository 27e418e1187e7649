package dev.palisade.engine.session;

public enum SessionState {
    ACTIVE, REVOKED, EXPIRED;

    public String label() { return name().toLowerCase(java.util.Locale.ROOT); }

    public static SessionState ofLabel(String label) {
        return valueOf(label.toUpperCase(java.util.Locale.ROOT));
    }
}
