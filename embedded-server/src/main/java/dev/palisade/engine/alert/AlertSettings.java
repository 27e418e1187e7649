package dev.palisade.engine.alert;

import dev.palisade.engine.FieldError;
import dev.palisade.engine.InvalidInputException;
import dev.palisade.engine.Reason;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * When the server raises an {@code alert} event (docs/protocol.md, "Alerts").
 *
 * @param deniedPerMinute     refused calls and logins within 60 s above which an alert is raised, at most one a
 *                            minute while it stays above; 0 turns it off
 * @param automationSuspected an alert for each new session that began in a browser that looked automated
 * @param ipAutoBlocked       an alert for each address the auto-block put on the blacklist
 */
public record AlertSettings(int deniedPerMinute, boolean automationSuspected, boolean ipAutoBlocked) {

    public static final String DENIED_PER_MINUTE = "deniedPerMinute";
    public static final String AUTOMATION_SUSPECTED = "automationSuspected";
    public static final String IP_AUTO_BLOCKED = "ipAutoBlocked";
    public static final int MAX_DENIED_PER_MINUTE = 10_000_000;

    /** A threshold on denials depends on the traffic, so it starts off; the two rare events alert at once. */
    public static final AlertSettings DEFAULTS = new AlertSettings(0, true, true);

    /** @throws InvalidInputException naming each field out of bounds */
    public AlertSettings validate() {
        List<FieldError> errors = new ArrayList<>();
        if (deniedPerMinute < 0 || deniedPerMinute > MAX_DENIED_PER_MINUTE) {
            errors.add(new FieldError(DENIED_PER_MINUTE, "must be between 0 (off) and " + MAX_DENIED_PER_MINUTE));
        }
        if (!errors.isEmpty()) throw new InvalidInputException(Reason.INVALID_CONFIG, errors);
        return this;
    }

    /** The settings by name, in a stable order: what the admin API answers. */
    public Map<String, Object> shown() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(DENIED_PER_MINUTE, deniedPerMinute);
        m.put(AUTOMATION_SUSPECTED, automationSuspected);
        m.put(IP_AUTO_BLOCKED, ipAutoBlocked);
        return m;
    }

    /** {@code deniedPerMinute=100;automationSuspected=true;ipAutoBlocked=true}: the settings store's text. */
    public String encode() {
        return DENIED_PER_MINUTE + "=" + deniedPerMinute + ";" + AUTOMATION_SUSPECTED + "=" + automationSuspected + ";"
                + IP_AUTO_BLOCKED + "=" + ipAutoBlocked;
    }

    /** The stored text back; a missing or unreadable part keeps its default, so a stored value never stops a start. */
    public static AlertSettings decode(String text) {
        if (text == null || text.isBlank()) return DEFAULTS;
        int denied = DEFAULTS.deniedPerMinute;
        boolean automation = DEFAULTS.automationSuspected;
        boolean blocked = DEFAULTS.ipAutoBlocked;
        for (String part : text.split(";")) {
            int eq = part.indexOf('=');
            if (eq < 0) continue;
            String key = part.substring(0, eq).trim();
            String value = part.substring(eq + 1).trim();
            switch (key) {
                case DENIED_PER_MINUTE -> {
                    try {
                        int n = Integer.parseInt(value);
                        if (n >= 0 && n <= MAX_DENIED_PER_MINUTE) denied = n;
                    } catch (NumberFormatException ignored) {
                        // keep the default
                    }
                }
                case AUTOMATION_SUSPECTED -> automation = Boolean.parseBoolean(value);
                case IP_AUTO_BLOCKED -> blocked = Boolean.parseBoolean(value);
                default -> { } // a newer version's setting: ignored here, kept in the store
            }
        }
        return new AlertSettings(denied, automation, blocked);
    }

    /** What changed from {@code before}, as {@code name old → new}; empty when nothing did. */
    String changesFrom(AlertSettings before) {
        StringBuilder b = new StringBuilder();
        before.shown().forEach((name, old) -> {
            Object now = shown().get(name);
            if (!now.equals(old)) b.append(b.length() == 0 ? "" : ", ").append(name).append(' ').append(old).append(" → ").append(now);
        });
        return b.toString();
    }
}
