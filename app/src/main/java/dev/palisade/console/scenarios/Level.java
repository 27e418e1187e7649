package dev.palisade.console.scenarios;

import java.util.Locale;

/**
 * The attacker ladder (issue 12, SECURITY.md): each rung is a caller that must do more work than the
 * one below, up to the person the API is for. The names are the ones docs, events and the console use.
 */
public enum Level {
    NO_CLIENT("curl or a script without credentials"),
    REPLAY("a captured signed request sent again"),
    STOLEN_TOKEN("a token used from another machine"),
    DEVTOOLS_COPY("everything the network panel shows, on the same machine"),
    PROTOCOL_SCRIPT("a script speaking the protocol without running the page"),
    AUTOMATED_BROWSER("a real browser driven by WebDriver"),
    PERSON("a person in a browser");

    private final String who;

    Level(String who) {
        this.who = who;
    }

    /** {@code L0} … {@code L6}. */
    public String code() { return "L" + ordinal(); }

    /** The rung's name as written everywhere, e.g. {@code protocol_script}. */
    public String label() { return name().toLowerCase(Locale.ROOT); }

    public String who() { return who; }

    /** {@code L4 protocol_script}. */
    @Override
    public String toString() { return code() + " " + label(); }
}
