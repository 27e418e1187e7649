package dev.palisade.engine.config;

/**
 * Every live-tunable number, with its unit, bounds and default: the one place where configuration
 * is described, so the admin API, the store and validation all read the same table.
 */
public enum Setting {
    ACCESS_TOKEN_TTL("accessTokenTtlSeconds", "Access token lifetime", "s", 10, 86_400, 900,
            "lifetime of an access token (JWT exp - iat)"),
    SESSION_IDLE_TTL("sessionIdleTtlSeconds", "Session idle timeout", "s", 60, 604_800, 1_800,
            "a session without calls for this long expires"),
    SESSION_ABSOLUTE_TTL("sessionAbsoluteTtlSeconds", "Session lifetime", "s", 60, 2_592_000, 43_200,
            "a session expires this long after login, however busy"),
    BOOTSTRAP_WINDOW("bootstrapWindowSeconds", "Page-to-bootstrap window", "s", 1, 600, 30,
            "a page nonce must be redeemed this soon after the client page was served, and time for its work (twice a slow"
                    + " phone's average: 0.13 s more at 14 bits, 34 s at 22)"),
    BOOTSTRAP_TICKET_TTL("bootstrapTicketTtlSeconds", "Bootstrap ticket lifetime", "s", 1, 3_600, 120,
            "a bootstrap ticket must be used for login this soon after it was issued"),
    CLOCK_LEEWAY("clockLeewaySeconds", "Token clock leeway", "s", 0, 300, 30,
            "tolerance for exp and nbf of tokens"),
    KEY_GRACE("keyGraceSeconds", "Rotated key grace", "s", 0, 604_800, 3_600,
            "a rotated-out signing key still verifies tokens for this long"),
    SIGNATURE_SKEW("signatureSkewSeconds", "Signature clock skew", "s", 1, 300, 30,
            "a signed request's created time may differ from the server's clock by this much"),
    NONCES_PER_SECOND("noncesPerSecondMax", "Signed requests per second", "nonces", 1_000, 10_000_000, 100_000,
            "signed requests accepted per second of created time; beyond it requests fail closed"),
    NONCES_PER_SESSION_SECOND("noncesPerSessionSecondMax", "Signed requests per session and second", "nonces", 10, 1_000_000, 256,
            "signed requests one session may have accepted per second of created time: its fair share, so no one"
                    + " session can fill a second for everyone"),
    PAGES_PER_MINUTE("pagesPerMinuteMax", "Client pages per address and minute", "pages", 1, 1_000_000, 120,
            "client pages one address may load per minute; beyond it 429 (a flood of page loads cannot refuse others)"),
    AUTO_BLOCK_DENIALS("autoBlockDenials", "Auto-block after denials", "denials", 0, 1_000_000, 100,
            "an address with this many denials within the window is blacklisted for a while (0: never)"),
    AUTO_BLOCK_WINDOW("autoBlockWindowSeconds", "Auto-block counting window", "s", 1, 3_600, 60, "the window in which denials are counted"),
    AUTO_BLOCK("autoBlockSeconds", "Auto-block duration", "s", 1, 604_800, 900, "how long an automatically blocked address stays blocked"),
    EVENT_RETENTION("eventRetentionHours", "Event retention", "h", 1, 8_760, 168,
            "events older than this are deleted"),
    MAX_SESSIONS("maxSessions", "Live sessions at most", "sessions", 1, 50_000_000, 1_000_000,
            "live sessions kept in memory at most; logins beyond it are refused"),
    POW_BITS("powBits", "Proof of work: bits per puzzle", "bits", 0, 32, 14,
            "proof of work before bootstrap: leading zero bits per puzzle for a caller with a clean record"),
    POW_MIN_BITS("powMinBits", "Proof of work: fewest bits", "bits", 0, 32, 10, "the proof of work never asks for fewer bits than this"),
    POW_MAX_BITS("powMaxBits", "Proof of work: most bits", "bits", 0, 32, 22,
            "the proof of work never asks for more bits than this, however risky the caller looks"),
    POW_PUZZLES("powPuzzles", "Proof of work: puzzles per page", "puzzles", 1, 64, 4,
            "puzzles per page: several small ones keep a person's wait steady (the p95 close to the median)"),
    AUTOMATED_SESSION_RATE("automatedSessionRatePercent", "Automated browser's rate windows", "%", 1, 100, 50,
            "a session that began in a browser with sure signs of automation (webdriver, headless, not_a_browser,"
                    + " signals_missing), let through because the fingerprint policy's automation is alert, may make this share"
                    + " of each session window's calls (at least 1); 100: as many as any session"),
    ALLOWED_EVENTS("allowedEvents", "Allowed calls leave", "", 0, 2, 0,
            "what an allowed call leaves: rollup (counted per minute, the recent ones kept in memory), sampled (also every"
                    + " allowedSampleEvery-th one as an event) or all (every one as an event, a database row each)",
            "rollup", "sampled", "all"),
    ALLOWED_SAMPLE_EVERY("allowedSampleEvery", "Sample one allowed call in", "calls", 2, 1_000_000, 100,
            "with allowedEvents sampled, one allowed call in this many is stored as an event");

    /** {@link #ALLOWED_EVENTS}' values by index. */
    public static final int ALLOWED_ROLLUP = 0;
    public static final int ALLOWED_SAMPLED = 1;
    public static final int ALLOWED_ALL = 2;

    private final String key;
    private final String label;
    private final String unit;
    private final long min;
    private final long max;
    private final long defaultValue;
    private final String description;
    private final java.util.List<String> choices;

    /** @param choices for a setting that names one of a few values: those names, stored by their index */
    Setting(String key, String label, String unit, long min, long max, long defaultValue, String description, String... choices) {
        this.key = key;
        this.label = label;
        this.unit = unit;
        this.min = min;
        this.max = max;
        this.defaultValue = defaultValue;
        this.description = description;
        this.choices = java.util.List.of(choices);
    }

    /** The name used in JSON and in the store. */
    public String key() { return key; }
    /** What a person reads in a form; {@link #key} is the identifier. */
    public String label() { return label; }
    public String unit() { return unit; }
    public long min() { return min; }
    public long max() { return max; }
    public long defaultValue() { return defaultValue; }
    public String description() { return description; }

    /** The names this setting takes, in index order; empty for a number. */
    public java.util.List<String> choices() { return choices; }

    /** The value as the admin API shows it: the choice's name, or the number. */
    public Object shown(long value) {
        return choices.isEmpty() ? (Object) value : choices.get((int) value);
    }

    public static Setting ofKey(String key) {
        for (Setting s : values()) {
            if (s.key.equals(key)) return s;
        }
        return null;
    }
}
