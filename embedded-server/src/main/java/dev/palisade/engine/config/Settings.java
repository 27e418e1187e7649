package dev.palisade.engine.config;

import dev.palisade.engine.FieldError;
import dev.palisade.engine.InvalidInputException;
import dev.palisade.engine.Reason;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An immutable, validated set of values for every {@link Setting}. */
public final class Settings {

    private static final Setting[] ALL = Setting.values();
    private static final Settings DEFAULTS = new Settings(
            Arrays.stream(ALL).mapToLong(Setting::defaultValue).toArray());

    private final long[] values;

    private Settings(long[] values) {
        this.values = values;
    }

    public static Settings defaults() { return DEFAULTS; }

    public long get(Setting setting) { return values[setting.ordinal()]; }

    /**
     * A copy with {@code changes} applied: every value is checked against its bounds and the
     * cross-field rules; nothing is applied unless everything is valid.
     *
     * @throws InvalidInputException listing every field that is wrong
     */
    public Settings with(Map<String, Long> changes) {
        long[] next = values.clone();
        List<FieldError> errors = new ArrayList<>();
        for (Map.Entry<String, Long> change : changes.entrySet()) {
            Setting setting = Setting.ofKey(change.getKey());
            if (setting == null) {
                errors.add(new FieldError(change.getKey(), "unknown setting"));
                continue;
            }
            Long value = change.getValue();
            if (value == null) {
                errors.add(new FieldError(setting.key(), "must be a whole number"));
            } else if (value < setting.min() || value > setting.max()) {
                errors.add(new FieldError(setting.key(), setting.choices().isEmpty()
                        ? "must be between " + setting.min() + " and " + setting.max() + " " + setting.unit()
                        : "must be one of " + String.join(", ", setting.choices())));
            } else {
                next[setting.ordinal()] = value;
            }
        }
        if (errors.isEmpty() && next[Setting.SESSION_ABSOLUTE_TTL.ordinal()] < next[Setting.SESSION_IDLE_TTL.ordinal()]) {
            errors.add(new FieldError(Setting.SESSION_ABSOLUTE_TTL.key(),
                    "must be at least the idle TTL (" + next[Setting.SESSION_IDLE_TTL.ordinal()] + " s)"));
        }
        if (errors.isEmpty()) powOrder(next, errors);
        if (!errors.isEmpty()) throw new InvalidInputException(Reason.INVALID_CONFIG, errors);
        return new Settings(next);
    }

    private static void powOrder(long[] v, List<FieldError> errors) {
        long min = v[Setting.POW_MIN_BITS.ordinal()];
        long bits = v[Setting.POW_BITS.ordinal()];
        long max = v[Setting.POW_MAX_BITS.ordinal()];
        if (min > max) errors.add(new FieldError(Setting.POW_MIN_BITS.key(), "must not exceed powMaxBits (" + max + ")"));
        else if (bits < min || bits > max) {
            errors.add(new FieldError(Setting.POW_BITS.key(), "must lie between powMinBits (" + min + ") and powMaxBits ("
                    + max + ")"));
        }
    }

    /**
     * Values as the store returned them: unknown names (from a newer version) are skipped and
     * out-of-range ones fall back to their default, so a bad row can never stop a start.
     */
    public static Settings fromStored(Map<String, String> stored) {
        long[] values = DEFAULTS.values.clone();
        for (Setting setting : ALL) {
            String raw = stored.get(setting.key());
            if (raw == null) continue;
            long v;
            try {
                v = Long.parseLong(raw.trim());
            } catch (NumberFormatException e) {
                v = Long.MIN_VALUE; // written by hand or by a broken version
            }
            if (v >= setting.min() && v <= setting.max()) values[setting.ordinal()] = v;
            else unread("The stored setting " + setting.key() + " = " + raw + " is not a number between " + setting.min()
                    + " and " + setting.max() + "; its default, " + setting.defaultValue() + ", is in force");
        }
        // settings that must agree and do not (stored by an older version, or by two nodes at once) fall back
        // to their defaults as a group; every other setting stays as stored
        if (values[Setting.SESSION_ABSOLUTE_TTL.ordinal()] < values[Setting.SESSION_IDLE_TTL.ordinal()]) {
            reset(values, TOGETHER.get(0));
        }
        List<FieldError> errors = new ArrayList<>();
        powOrder(values, errors);
        if (!errors.isEmpty()) reset(values, TOGETHER.get(1));
        return new Settings(values);
    }

    private static final dev.palisade.engine.FirstTimes UNREAD = new dev.palisade.engine.FirstTimes();
    private static final System.Logger LOG = System.getLogger(Settings.class.getName());

    /**
     * A stored setting this version does not take, told once (durability audit 61, I1): a hand edit, or a newer version's
     * wider bounds read by an older one, would otherwise put the default in force with no word.
     */
    private static void unread(String warning) {
        if (UNREAD.first(warning)) LOG.log(System.Logger.Level.WARNING, warning);
    }

    /** Settings whose values are checked against each other: stored together, so the store never holds a mix. */
    private static final List<List<Setting>> TOGETHER = List.of(
            List.of(Setting.SESSION_IDLE_TTL, Setting.SESSION_ABSOLUTE_TTL),
            List.of(Setting.POW_MIN_BITS, Setting.POW_BITS, Setting.POW_MAX_BITS));

    private static void reset(long[] values, List<Setting> group) {
        StringBuilder stored = new StringBuilder();
        for (Setting s : group) stored.append(stored.length() == 0 ? "" : ", ").append(s.key()).append(" = ").append(values[s.ordinal()]);
        unread("The stored settings " + stored + " disagree; their defaults are in force together");
        for (Setting s : group) values[s.ordinal()] = s.defaultValue();
    }

    /**
     * The stored form of the settings {@code keys} names, and of those each must agree with: on a
     * cluster only these are written, since this node's copy of the others may not yet hold another
     * node's change.
     */
    public Map<String, String> storedWith(java.util.Collection<String> keys) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Setting s : ALL) {
            boolean named = keys.contains(s.key());
            for (List<Setting> group : TOGETHER) {
                if (group.contains(s)) named |= group.stream().anyMatch(g -> keys.contains(g.key()));
            }
            if (named) out.put(s.key(), Long.toString(values[s.ordinal()]));
        }
        return out;
    }

    public Map<String, Long> asMap() {
        Map<String, Long> map = new LinkedHashMap<>();
        for (Setting s : ALL) map.put(s.key(), values[s.ordinal()]);
        return map;
    }

    /** As the admin API shows them: numbers, and names for the settings that take one of a few. */
    public Map<String, Object> shown() {
        Map<String, Object> map = new LinkedHashMap<>();
        for (Setting s : ALL) map.put(s.key(), s.shown(values[s.ordinal()]));
        return map;
    }

    public Map<String, String> asStored() {
        Map<String, String> map = new LinkedHashMap<>();
        for (Setting s : ALL) map.put(s.key(), Long.toString(values[s.ordinal()]));
        return map;
    }

    public Duration accessTokenTtl() { return Duration.ofSeconds(get(Setting.ACCESS_TOKEN_TTL)); }
    public Duration sessionIdleTtl() { return Duration.ofSeconds(get(Setting.SESSION_IDLE_TTL)); }
    public Duration sessionAbsoluteTtl() { return Duration.ofSeconds(get(Setting.SESSION_ABSOLUTE_TTL)); }
    public Duration bootstrapWindow() { return Duration.ofSeconds(get(Setting.BOOTSTRAP_WINDOW)); }
    public Duration bootstrapTicketTtl() { return Duration.ofSeconds(get(Setting.BOOTSTRAP_TICKET_TTL)); }
    public Duration clockLeeway() { return Duration.ofSeconds(get(Setting.CLOCK_LEEWAY)); }
    public Duration keyGrace() { return Duration.ofSeconds(get(Setting.KEY_GRACE)); }
    public Duration eventRetention() { return Duration.ofHours(get(Setting.EVENT_RETENTION)); }
    public Duration signatureSkew() { return Duration.ofSeconds(get(Setting.SIGNATURE_SKEW)); }
    public int noncesPerSecond() { return (int) get(Setting.NONCES_PER_SECOND); }
    public int pagesPerMinute() { return (int) get(Setting.PAGES_PER_MINUTE); }
    public int noncesPerSessionSecond() { return (int) get(Setting.NONCES_PER_SESSION_SECOND); }
    public long autoBlockDenials() { return get(Setting.AUTO_BLOCK_DENIALS); }
    public Duration autoBlockWindow() { return Duration.ofSeconds(get(Setting.AUTO_BLOCK_WINDOW)); }
    public Duration autoBlock() { return Duration.ofSeconds(get(Setting.AUTO_BLOCK)); }
    public int maxSessions() { return (int) get(Setting.MAX_SESSIONS); }
    public int powBits() { return (int) get(Setting.POW_BITS); }
    public int powMinBits() { return (int) get(Setting.POW_MIN_BITS); }
    public int powMaxBits() { return (int) get(Setting.POW_MAX_BITS); }
    public int powPuzzles() { return (int) get(Setting.POW_PUZZLES); }
    public int automatedSessionRatePercent() { return (int) get(Setting.AUTOMATED_SESSION_RATE); }
    /** {@link Setting#ALLOWED_ROLLUP}, {@link Setting#ALLOWED_SAMPLED} or {@link Setting#ALLOWED_ALL}. */
    public int allowedEvents() { return (int) get(Setting.ALLOWED_EVENTS); }
    public long allowedSampleEvery() { return get(Setting.ALLOWED_SAMPLE_EVERY); }

    @Override
    public boolean equals(Object o) {
        return o instanceof Settings other && Arrays.equals(values, other.values);
    }

    @Override
    public int hashCode() { return Arrays.hashCode(values); }

    @Override
    public String toString() { return "Settings" + asMap(); }
}
