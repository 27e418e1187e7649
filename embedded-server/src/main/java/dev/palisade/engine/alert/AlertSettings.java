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
 * @param loginsPerUserPer10Minutes one user's successful logins within 10 minutes above which an alert is raised,
 *                            at most one per user in 10 minutes while it stays above; 0 turns it off
 * @param loginsBusy          an alert when logins are refused {@code login_busy} (the password checks are full: a flood
 *                            of guesses, or more people at once than the cores can check), at most one a minute
 */
public record AlertSettings(int deniedPerMinute, boolean automationSuspected, boolean ipAutoBlocked,
                            int loginsPerUserPer10Minutes, boolean loginsBusy) {

    public static final String DENIED_PER_MINUTE = "deniedPerMinute";
    public static final String AUTOMATION_SUSPECTED = "automationSuspected";
    public static final String IP_AUTO_BLOCKED = "ipAutoBlocked";
    public static final String LOGINS_PER_USER = "loginsPerUserPer10Minutes";
    public static final String LOGINS_BUSY = "loginsBusy";
    public static final int MAX_DENIED_PER_MINUTE = 10_000_000;
    public static final int MAX_LOGINS_PER_USER = 10_000_000;

    /**
     * A threshold on denials depends on the traffic, so it starts off; the two rare events alert at once. 50 logins
     * of one user in 10 minutes is far past what a person does (a login costs the server a password hash, 9 a second
     * on two cores), and a farm of one account's sessions passes it within minutes (ladder red team 55, M4).
     */
    public static final AlertSettings DEFAULTS = new AlertSettings(0, true, true, 50, true);

    /** @throws InvalidInputException naming each field out of bounds */
    public AlertSettings validate() {
        List<FieldError> errors = new ArrayList<>();
        if (deniedPerMinute < 0 || deniedPerMinute > MAX_DENIED_PER_MINUTE) {
            errors.add(new FieldError(DENIED_PER_MINUTE, "must be between 0 (off) and " + MAX_DENIED_PER_MINUTE));
        }
        if (loginsPerUserPer10Minutes < 0 || loginsPerUserPer10Minutes > MAX_LOGINS_PER_USER) {
            errors.add(new FieldError(LOGINS_PER_USER, "must be between 0 (off) and " + MAX_LOGINS_PER_USER));
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
        m.put(LOGINS_PER_USER, loginsPerUserPer10Minutes);
        m.put(LOGINS_BUSY, loginsBusy);
        return m;
    }

    /**
     * {@code deniedPerMinute=100;automationSuspected=true;ipAutoBlocked=true;loginsPerUserPer10Minutes=50}: the settings
     * store's text.
     */
    public String encode() {
        return DENIED_PER_MINUTE + "=" + deniedPerMinute + ";" + AUTOMATION_SUSPECTED + "=" + automationSuspected + ";"
                + IP_AUTO_BLOCKED + "=" + ipAutoBlocked + ";" + LOGINS_PER_USER + "=" + loginsPerUserPer10Minutes + ";"
                + LOGINS_BUSY + "=" + loginsBusy;
    }

    /**
     * {@link #encode} followed by the parts of {@code stored} this version does not know: a newer version's settings,
     * which a change made here (a rolled-back build, an older node of a cluster) must not turn back to their defaults.
     */
    public String encodeKeeping(String stored) {
        StringBuilder b = new StringBuilder(encode());
        if (stored == null) return b.toString();
        for (String part : stored.split(";")) {
            int eq = part.indexOf('=');
            if (eq < 0) continue;
            String key = part.substring(0, eq).trim();
            if (!key.isEmpty() && !shown().containsKey(key)) b.append(';').append(part.trim());
        }
        return b.toString();
    }

    /** The stored text back; a missing or unreadable part keeps its default, so a stored value never stops a start. */
    public static AlertSettings decode(String text) {
        if (text == null || text.isBlank()) return DEFAULTS;
        int denied = DEFAULTS.deniedPerMinute;
        boolean automation = DEFAULTS.automationSuspected;
        boolean blocked = DEFAULTS.ipAutoBlocked;
        int logins = DEFAULTS.loginsPerUserPer10Minutes; // text stored before this setting was: its default
        boolean busy = DEFAULTS.loginsBusy;
        for (String part : text.split(";")) {
            int eq = part.indexOf('=');
            if (eq < 0) continue;
            String key = part.substring(0, eq).trim();
            String value = part.substring(eq + 1).trim();
            switch (key) {
                case DENIED_PER_MINUTE -> denied = count(value, MAX_DENIED_PER_MINUTE, denied);
                case LOGINS_PER_USER -> logins = count(value, MAX_LOGINS_PER_USER, logins);
                case AUTOMATION_SUSPECTED -> automation = Boolean.parseBoolean(value);
                case IP_AUTO_BLOCKED -> blocked = Boolean.parseBoolean(value);
                case LOGINS_BUSY -> busy = Boolean.parseBoolean(value);
                default -> { } // a newer version's setting: ignored here, kept in the store by encodeKeeping
            }
        }
        return new AlertSettings(denied, automation, blocked, logins, busy);
    }

    /** A stored count from 0 to {@code max}, or {@code otherwise} for text that is none. */
    private static int count(String value, int max, int otherwise) {
        try {
            int n = Integer.parseInt(value);
            return n >= 0 && n <= max ? n : otherwise;
        } catch (NumberFormatException e) {
            return otherwise;
        }
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
