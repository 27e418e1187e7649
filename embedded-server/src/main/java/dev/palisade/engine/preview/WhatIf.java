package dev.palisade.engine.preview;

import dev.palisade.engine.Reason;
import dev.palisade.engine.blacklist.AddressSet;
import dev.palisade.engine.check.SequenceRulesPaths;
import dev.palisade.engine.rate.RateLimiter;
import dev.palisade.engine.rate.RateWindow;
import dev.palisade.engine.rate.WindowCounts;
import dev.palisade.engine.sequence.SequenceRule;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Replays recent calls, oldest first, under a change an operator is about to apply, with the same
 * code the request path runs (a fresh {@link RateLimiter} for windows, the rule semantics of the
 * sequence check), and tallies what would have been decided otherwise. Only the calls the change can
 * touch are replayed: allowed ones, and those refused by the very check being changed (a call refused
 * by another check stays refused whatever this one says).
 */
public final class WhatIf {

    private WhatIf() {}

    /** Rate windows: calls allowed or refused {@code rate_limited}, every session at its whole windows. */
    public static PreviewResult windows(List<RateWindow> candidate, List<ReplayedCall> oldestFirst) {
        return windows(candidate, oldestFirst, session -> 100);
    }

    /**
     * Rate windows, each session held to the share of its session windows that {@code sessionPercent} gives its id (a
     * slowed session's, as the rate check holds it now: review 61, L4, its refusals came back as newly allowed).
     */
    public static PreviewResult windows(List<RateWindow> candidate, List<ReplayedCall> oldestFirst,
                                        java.util.function.ToIntFunction<String> sessionPercent) {
        RateLimiter limiter = new RateLimiter(() -> candidate);
        Map<String, WindowCounts> bySession = new HashMap<>();
        Tally tally = new Tally();
        for (ReplayedCall c : oldestFirst) {
            if (!c.allowed() && !Reason.RATE_LIMITED.code().equals(c.code())) continue;
            String session = c.sessionId().isEmpty() ? null : c.sessionId();
            WindowCounts counts = session == null ? null : bySession.computeIfAbsent(session, s -> new WindowCounts());
            // a call without a session is an API key's: its principal is the key
            String apiKey = session == null && !c.user().isEmpty() ? c.user() : null;
            int percent = session == null ? 100 : sessionPercent.applyAsInt(session);
            RateLimiter.Exceeded e = limiter.acquire(c.path(), session, counts, percent, c.ip(), apiKey, c.at());
            tally.decided(c, e == null ? ReplayedCall.ALLOWED : Reason.RATE_LIMITED.code(), e == null ? ""
                    : e.limit() + " per " + e.window().windowSeconds() + " s per " + e.window().scope().name().toLowerCase(java.util.Locale.ROOT)
                    + (e.slowed() ? " (a slowed session's share of " + e.window().limit() + ")" : ""));
        }
        return tally.result();
    }

    /** Sequence rules (requires-prior, min-interval; max-sessions acts at login and is not replayed): calls allowed or refused {@code sequence_violation}. */
    public static PreviewResult rules(List<SequenceRule> candidate, List<ReplayedCall> oldestFirst) {
        // each session's last allowed call that each rule looks back for: one long a rule, not the
        // session's whole history searched for every call (quadratic in a bot's long session)
        Map<String, long[]> lastBySession = new HashMap<>();
        Tally tally = new Tally();
        for (ReplayedCall c : oldestFirst) {
            if (c.sessionId().isEmpty()) continue; // rules are about a session's calls
            if (!c.allowed() && !Reason.SEQUENCE_VIOLATION.code().equals(c.code())) continue;
            long[] last = lastBySession.computeIfAbsent(c.sessionId(), s -> none(candidate.size()));
            String why = refusal(candidate, c, last);
            tally.decided(c, why == null ? ReplayedCall.ALLOWED : Reason.SEQUENCE_VIOLATION.code(), why == null ? "" : why);
            if (why == null) remember(candidate, c, last);
        }
        return tally.result();
    }

    private static long[] none(int rules) {
        long[] last = new long[rules];
        java.util.Arrays.fill(last, Long.MIN_VALUE);
        return last;
    }

    /** Which rule refuses {@code c} given, by rule, the session's last allowed call it looks back for; or null. */
    private static String refusal(List<SequenceRule> rules, ReplayedCall c, long[] last) {
        for (int i = 0; i < rules.size(); i++) {
            SequenceRule rule = rules.get(i);
            if (rule instanceof SequenceRule.RequiresPrior r && applies(r.method(), r.path(), c)) {
                if (last[i] < c.at() - r.withinSeconds() * 1000L) return rule.encode();
            } else if (rule instanceof SequenceRule.MinInterval m && applies(m.method(), m.path(), c)) {
                if (last[i] >= c.at() - m.minMillis()) return rule.encode();
            }
        }
        return null;
    }

    /** Notes an allowed call as the last of its kind for each rule that looks back for it. */
    private static void remember(List<SequenceRule> rules, ReplayedCall c, long[] last) {
        for (int i = 0; i < rules.size(); i++) {
            SequenceRule rule = rules.get(i);
            // a prior is its exact method (a HEAD is no look at what a GET shows); pacing counts a HEAD as a GET
            if (rule instanceof SequenceRule.RequiresPrior r && r.priorMethod().equals(c.method())
                    && SequenceRulesPaths.isPrior(r.priorPath(), c.path())) {
                last[i] = c.at();
            } else if (rule instanceof SequenceRule.MinInterval m && applies(m.method(), m.path(), c)) {
                last[i] = c.at();
            }
        }
    }

    /** As the sequence check decides it: a rule on GET holds for HEAD too. */
    private static boolean applies(String method, String path, ReplayedCall c) {
        return SequenceRulesPaths.methodHolds(method, c.method()) && SequenceRulesPaths.matches(path, c.path());
    }

    /** A stored fingerprint mismatch: the call, and the components that had changed. */
    public record Mismatch(ReplayedCall call, List<String> components) {}

    /**
     * The fingerprint policy's component actions: each stored mismatch decided again by the strongest
     * action the candidate gives its changed components ({@code reauth} and {@code deny} refuse).
     * Calls whose fingerprint matched are not stored with it, so a component that starts to count is
     * seen only in mismatches already recorded for other components.
     */
    public static PreviewResult fingerprint(dev.palisade.engine.fingerprint.FingerprintPolicy candidate, List<Mismatch> oldestFirst) {
        Tally tally = new Tally();
        for (Mismatch m : oldestFirst) {
            dev.palisade.engine.fingerprint.Action strongest = dev.palisade.engine.fingerprint.Action.IGNORE;
            String component = "";
            for (String c : m.components()) {
                dev.palisade.engine.fingerprint.Action a = candidate.actionFor(c);
                if (a.ordinal() > strongest.ordinal()) {
                    strongest = a;
                    component = c;
                }
            }
            boolean refuses = strongest.ordinal() >= dev.palisade.engine.fingerprint.Action.REAUTH.ordinal();
            tally.decided(m.call(), refuses ? "fingerprint_mismatch" : ReplayedCall.ALLOWED,
                    refuses ? component + ": " + strongest.label() : "");
        }
        return tally.result();
    }

    /** A blacklist entry to add, as the preview needs it: valid, as {@code Blacklist.problem} says, and trimmed. */
    public record Entry(String kind, String value) {}

    /**
     * Blacklist entries to add: allowed calls from a listed address or range, session, or a session
     * whose User-Agent the pattern finds ({@code userAgentOf} gives a session's, "" if unknown). Tokens
     * are kept only as digests, so a token entry is previewed as touching nothing. Addresses are matched
     * with {@code addresses}, the blacklist's own, so a range or CIDR matches as it will once added.
     */
    public static PreviewResult blacklist(List<Entry> entries, List<ReplayedCall> oldestFirst, Function<String, String> userAgentOf,
                                          AddressSet.Factory addresses) {
        List<java.util.function.Predicate<ReplayedCall>> matchers = new ArrayList<>();
        for (Entry e : entries) matchers.add(matcher(e, userAgentOf, addresses));
        Tally tally = new Tally();
        for (ReplayedCall c : oldestFirst) {
            if (!c.allowed()) continue;
            int hit = -1;
            for (int i = 0; i < matchers.size() && hit < 0; i++) if (matchers.get(i).test(c)) hit = i;
            tally.decided(c, hit < 0 ? ReplayedCall.ALLOWED : Reason.BLACKLISTED.code(),
                    hit < 0 ? "" : entries.get(hit).kind() + " " + entries.get(hit).value());
        }
        return tally.result();
    }

    private static java.util.function.Predicate<ReplayedCall> matcher(Entry e, Function<String, String> userAgentOf,
                                                                       AddressSet.Factory addresses) {
        switch (e.kind()) {
            case "ip" -> {
                AddressSet set = addresses.of(List.of(e.value()));
                return c -> !c.ip().isEmpty() && set.contains(c.ip());
            }
            case "session" -> {
                return c -> c.sessionId().equals(e.value());
            }
            case "user_agent" -> {
                Pattern p = Pattern.compile(e.value(), Pattern.CASE_INSENSITIVE);
                Map<String, Boolean> bySession = new HashMap<>();
                return c -> !c.sessionId().isEmpty() && bySession.computeIfAbsent(c.sessionId(),
                        s -> dev.palisade.engine.blacklist.AgentMatch.finds(p, userAgentOf.apply(s)));
            }
            default -> {
                return c -> false;
            }
        }
    }
}
