package dev.palisade.engine.admin;

/**
 * What an admin caller may do. The owner holds the first-start {@code admin.token}; operators and
 * viewers hold tokens the owner issued. Labels are a public contract.
 */
public enum Role {
    /** Everything, including managing operators and rotating its own token. */
    OWNER("owner"),
    /** Reads and changes the configuration, sessions, users and keys; does not manage operators. */
    OPERATOR("operator"),
    /** Reads only. */
    VIEWER("viewer");

    private final String label;

    Role(String label) {
        this.label = label;
    }

    public String label() { return label; }

    /** May change state (anything but a read). */
    public boolean mayChange() { return this != VIEWER; }

    /** The role an operator token may be issued with, or null: {@code viewer} or {@code operator}. */
    public static Role issuable(String label) {
        if (OPERATOR.label.equals(label)) return OPERATOR;
        if (VIEWER.label.equals(label)) return VIEWER;
        return null;
    }
}
