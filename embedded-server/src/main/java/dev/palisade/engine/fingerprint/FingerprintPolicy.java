package dev.palisade.engine.fingerprint;

import dev.palisade.engine.FieldError;
import dev.palisade.engine.InvalidInputException;
import dev.palisade.engine.Reason;
import dev.palisade.engine.SharedStrings;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Which components make up the fingerprint and what a change in each means, the IP masks, and the
 * proxies whose {@code X-Forwarded-For} is believed. Immutable; validated in {@link #of}.
 */
public record FingerprintPolicy(Map<String, Action> actions, int ipv4Prefix, int ipv6Prefix,
                                List<String> trustedProxies) {

    public static final String USER_AGENT = "userAgent";
    public static final String IP = "ip";
    public static final String ACCEPT_LANGUAGE = "acceptLanguage";
    public static final String HEADER_PREFIX = "header:";
    /**
     * The automation signals seen at bootstrap (docs/protocol.md): judged once per session, never
     * re-captured per call, and the one component whose action may be {@code deny}.
     */
    public static final String AUTOMATION = "automation";
    private static final Pattern HEADER_NAME = Pattern.compile("[a-z0-9!#$%&'*+.^_`|~-]{1,64}");
    /**
     * Headers that carry a credential, or a value made per call from one: a mismatch event shows the
     * bound value before and after, so binding to one would put tokens in events any viewer reads.
     */
    private static final Pattern CREDENTIAL_HEADER = Pattern.compile(
            ".*(auth|token|secret|passw|cookie|api[-_]?key|access[-_]?key|[-_]key$|signature|digest|session|jwt|csrf|xsrf|credential"
                    + "|bearer).*");

    public FingerprintPolicy {
        actions = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(actions));
        trustedProxies = List.copyOf(trustedProxies);
    }

    public static FingerprintPolicy defaults() {
        Map<String, Action> a = new LinkedHashMap<>();
        a.put(USER_AGENT, Action.REAUTH);
        a.put(IP, Action.REAUTH);
        a.put(ACCEPT_LANGUAGE, Action.ALERT);
        a.put(AUTOMATION, Action.ALERT);
        return new FingerprintPolicy(a, 24, 64, List.of());
    }

    /**
     * Validates a whole policy.
     *
     * @throws InvalidInputException naming each bad part
     */
    public static FingerprintPolicy of(Map<String, String> actions, int ipv4Prefix, int ipv6Prefix,
                                       List<String> trustedProxies) {
        List<FieldError> errors = new ArrayList<>();
        Map<String, Action> parsed = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : actions.entrySet()) {
            String component = e.getKey();
            boolean known = component.equals(USER_AGENT) || component.equals(IP) || component.equals(ACCEPT_LANGUAGE)
                    || component.equals(AUTOMATION) || (component.startsWith(HEADER_PREFIX)
                    && HEADER_NAME.matcher(component.substring(HEADER_PREFIX.length())).matches());
            if (!known) {
                errors.add(new FieldError("components." + component,
                        "unknown component (userAgent, ip, acceptLanguage, automation or header:<lower-case name>)"));
                continue;
            }
            if (credentialHeader(component)) {
                errors.add(new FieldError("components." + component, "carries a credential (or is made from one per call):"
                        + " its values would be shown in fingerprint events, so a session cannot be bound to it"));
                continue;
            }
            try {
                Action action = Action.ofLabel(String.valueOf(e.getValue()));
                boolean automation = component.equals(AUTOMATION);
                if (automation && action == Action.REAUTH) {
                    errors.add(new FieldError("components." + component, "must be ignore, alert or deny"));
                } else if (!automation && action == Action.DENY) {
                    errors.add(new FieldError("components." + component, "must be ignore, alert or reauth"
                            + " (deny is only for automation)"));
                } else {
                    parsed.put(component, action);
                }
            } catch (IllegalArgumentException ex) {
                // the actions this component takes, not every action there is ("deny" is refused for all but one)
                errors.add(new FieldError("components." + component, component.equals(AUTOMATION)
                        ? "must be ignore, alert or deny" : "must be ignore, alert or reauth"));
            }
        }
        parsed.putIfAbsent(AUTOMATION, Action.IGNORE);
        if (ipv4Prefix < 8 || ipv4Prefix > 32) errors.add(new FieldError("ipv4Prefix", "must be between 8 and 32"));
        if (ipv6Prefix < 16 || ipv6Prefix > 128) errors.add(new FieldError("ipv6Prefix", "must be between 16 and 128"));
        for (String proxy : trustedProxies) {
            if (!dev.palisade.engine.IpLiteral.isRange(proxy)) {
                errors.add(new FieldError("trustedProxies", "not an address or CIDR range: " + proxy));
            }
        }
        if (!errors.isEmpty()) throw new InvalidInputException(Reason.BAD_REQUEST, errors);
        return new FingerprintPolicy(parsed, ipv4Prefix, ipv6Prefix, trustedProxies);
    }

    /**
     * What {@link #capture} reads, as sent (the address itself, not its network): when these equal
     * the inputs of a call that already matched, the fingerprint matches again without capturing,
     * canonicalising and hashing it (BENCHMARKS.md).
     */
    public String[] inputs(String ip, UnaryOperator<String> header) {
        String[] reads = reads().headers();
        String[] in = new String[reads.length];
        for (int i = 0; i < reads.length; i++) in[i] = reads[i] == null ? ip : header.apply(reads[i]);
        return in;
    }

    /**
     * The components compared on every call, in order, and what each reads: a header's lower-case
     * name, or null for the address; worked out for {@code policy}.
     */
    private record Reads(FingerprintPolicy policy, String[] names, String[] headers, Action automation) {}

    /**
     * The last policy's reads: the policy in force is one instance until it is changed, so each call
     * does not walk the map and take the header names apart again (BENCHMARKS.md 2k).
     */
    private static volatile Reads READS = new Reads(null, new String[0], new String[0], Action.IGNORE);

    private Reads reads() {
        Reads last = READS;
        if (last.policy() == this) return last;
        List<String> names = new ArrayList<>();
        List<String> headers = new ArrayList<>();
        for (Map.Entry<String, Action> e : actions.entrySet()) {
            if (!compared(e)) continue;
            String name = e.getKey();
            names.add(name);
            headers.add(switch (name) {
                case USER_AGENT -> "user-agent";
                case IP -> null;
                case ACCEPT_LANGUAGE -> "accept-language";
                default -> name.substring(HEADER_PREFIX.length());
            });
        }
        Reads made = new Reads(this, names.toArray(String[]::new), headers.toArray(String[]::new), actionFor(AUTOMATION));
        READS = made;
        return made;
    }

    /**
     * The fingerprint of a client, from its IP and a header lookup (lower-case names).
     */
    public Fingerprint capture(String ip, UnaryOperator<String> header) {
        Reads reads = reads();
        String[] values = new String[reads.headers().length];
        for (int i = 0; i < values.length; i++) {
            String value = reads.headers()[i] == null ? network(ip) : header.apply(reads.headers()[i]);
            values[i] = value == null ? "" : SharedStrings.share(value.trim());
        }
        return new Fingerprint(reads.names(), values);
    }

    /** Whether a component is captured and compared on every call (automation is judged at bootstrap only). */
    private static boolean compared(Map.Entry<String, Action> e) {
        return e.getValue() != Action.IGNORE && !e.getKey().equals(AUTOMATION);
    }

    /** {@code actionFor(AUTOMATION)}, worked out once per policy: a flagged session asks on every call. */
    public Action automationAction() {
        return reads().automation();
    }

    public Action actionFor(String component) {
        return actions.getOrDefault(component, Action.IGNORE);
    }

    /** The address's network under the configured mask, e.g. {@code 10.1.2.0/24}. */
    String network(String ip) {
        if (ip == null || ip.isEmpty()) return "";
        String network = dev.palisade.engine.IpLiteral.network(ip, ipv4Prefix, ipv6Prefix);
        return network == null ? ip : network; // not a literal (never looked up): compared as it is
    }

    /** As stored: name → value strings. */
    public Map<String, String> asStored() {
        Map<String, String> m = new LinkedHashMap<>();
        StringBuilder comps = new StringBuilder();
        actions.forEach((k, v) -> comps.append(comps.length() == 0 ? "" : ",").append(k).append('=').append(v.label()));
        m.put("fingerprint.components", comps.toString());
        m.put("fingerprint.ipv4Prefix", Integer.toString(ipv4Prefix));
        m.put("fingerprint.ipv6Prefix", Integer.toString(ipv6Prefix));
        m.put("fingerprint.trustedProxies", String.join(",", trustedProxies));
        return m;
    }

    /** Whether a component is a header that carries a credential, which no policy may bind a session to. */
    private static boolean credentialHeader(String component) {
        return component.startsWith(HEADER_PREFIX) && CREDENTIAL_HEADER.matcher(component).matches();
    }

    /**
     * From the store, part by part: a component this version does not read (one a newer version wrote, or a hand edit)
     * and a prefix out of its bounds are left out with a warning, and the rest is kept, the trusted proxies above all,
     * whose loss would make every caller the proxy (durability audit 61, M1: one such part gave the whole defaults, and
     * a save wrote them over the newer policy). A row without components gives the defaults, and one whose components
     * all go unread the default components.
     */
    public static FingerprintPolicy fromStored(Map<String, String> stored) {
        String comps = stored.get("fingerprint.components");
        if (comps == null) return defaults();
        Map<String, String> actions = new LinkedHashMap<>();
        boolean unread = false;
        for (String pair : comps.split(",")) {
            if (pair.isBlank() || credentialHeader(componentOf(pair))) continue; // stored before it was refused
            if (readable(pair)) {
                actions.put(componentOf(pair), pair.substring(pair.indexOf('=') + 1));
                continue;
            }
            unread = true;
            if (UNREAD.first(pair)) {
                LOG.log(System.Logger.Level.WARNING, "the stored fingerprint policy's component " + pair + " is not one this"
                        + " version reads" + (FORM.matcher(pair).matches() ? " (a newer version's?): left out here, kept in the store"
                        : " (an edit?): left out, and dropped at the next save"));
            }
        }
        // none read: the default components, not a session bound to nothing (the prefixes and proxies still as stored)
        if (actions.isEmpty() && unread) defaults().actions().forEach((c, a) -> actions.put(c, a.label()));
        // stored before automation signals existed: they get the default
        actions.putIfAbsent(AUTOMATION, Action.ALERT.label());
        String proxies = stored.getOrDefault("fingerprint.trustedProxies", "");
        try {
            return of(actions, prefix(stored, "fingerprint.ipv4Prefix", 24, 8, 32), prefix(stored, "fingerprint.ipv6Prefix", 64, 16, 128),
                    // one stored before proxies were checked as addresses trusted nothing then; it is dropped, not the policy
                    proxies.isBlank() ? List.of() : java.util.Arrays.stream(proxies.split(","))
                            .filter(dev.palisade.engine.IpLiteral::isRange).toList());
        } catch (RuntimeException e) { // every part was read on its own above: not met
            return defaults();
        }
    }

    /**
     * The stored components this version does not read, as stored ({@code tls=alert}): a save from this node keeps them,
     * so that the version that wrote them reads them again.
     */
    public static List<String> unreadComponents(Map<String, String> stored) {
        String comps = stored.get("fingerprint.components");
        if (comps == null) return List.of();
        return java.util.Arrays.stream(comps.split(",")).filter(pair -> !pair.isBlank() && FORM.matcher(pair).matches()
                && !credentialHeader(componentOf(pair)) && !readable(pair)).toList();
    }

    /** A component's stored form, {@code name=action}, whatever the names: what a version may write that another does not read. */
    private static final Pattern FORM = Pattern.compile("[A-Za-z][A-Za-z0-9:_.-]{0,200}=[a-z_]{1,40}");

    /** The component a stored pair names ({@code tls} of {@code tls=alert}). */
    public static String componentOf(String pair) {
        int eq = pair.indexOf('=');
        return eq < 0 ? pair : pair.substring(0, eq);
    }

    private static final dev.palisade.engine.FirstTimes UNREAD = new dev.palisade.engine.FirstTimes();
    private static final System.Logger LOG = System.getLogger(FingerprintPolicy.class.getName());

    /** Whether this version reads {@code component=action} as a policy may hold it. */
    private static boolean readable(String pair) {
        int eq = pair.indexOf('=');
        if (eq <= 0) return false;
        try {
            of(Map.of(pair.substring(0, eq), pair.substring(eq + 1)), 24, 64, List.of());
            return true;
        } catch (InvalidInputException e) {
            return false;
        }
    }

    /** A stored prefix, or its default (with a warning) when it is unreadable or out of this version's bounds. */
    private static int prefix(Map<String, String> stored, String key, int fallback, int min, int max) {
        String text = stored.getOrDefault(key, Integer.toString(fallback));
        try {
            int value = Integer.parseInt(text);
            if (value >= min && value <= max) return value;
        } catch (NumberFormatException e) {
            // warned below
        }
        if (UNREAD.first(key + "=" + text)) {
            LOG.log(System.Logger.Level.WARNING, "the stored " + key + " " + text + " is not one this version reads: "
                    + fallback + " is in force");
        }
        return fallback;
    }
}
