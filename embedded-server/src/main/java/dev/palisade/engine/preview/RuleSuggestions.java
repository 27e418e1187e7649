package dev.palisade.engine.preview;

import dev.palisade.engine.sequence.SequenceRule;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Proposes {@code requires-prior} rules from the call order of sessions that were never refused:
 * "POST /api/orders was always preceded by GET /api/cart within 10 min in 412 of 412 sessions". A
 * call is a candidate prior of a target when, in a session, every call of the target had it within
 * the window before; the support is how many sessions made the target, the confidence the share of
 * them in which the prior always came first.
 */
public final class RuleSuggestions {

    /** A proposed rule and the evidence for it. */
    public record Suggestion(SequenceRule.RequiresPrior rule, int support, double confidence) {}

    /** The window a proposed rule allows between the prior call and the target. */
    public static final int WITHIN_SECONDS = 600;
    /** Sessions that must have made a target before a rule about it is proposed. */
    public static final int MIN_SUPPORT = 5;
    public static final double MIN_CONFIDENCE = 0.95;
    public static final int MAX = 10;
    /** Calls looked at per session: a script's thousands of calls add nothing a person's dozens do not show. */
    static final int PER_SESSION = 500;

    private RuleSuggestions() {}

    /**
     * @param oldestFirst   the replayed traffic (refusals included: their sessions are left out)
     * @param existing      the rules in force (a rule already there is not proposed again)
     */
    public static List<Suggestion> suggest(List<ReplayedCall> oldestFirst, List<SequenceRule> existing) {
        Map<String, List<ReplayedCall>> bySession = new HashMap<>();
        Set<String> refused = new HashSet<>();
        for (ReplayedCall c : oldestFirst) {
            if (c.sessionId().isEmpty()) continue;
            if (!c.allowed()) {
                refused.add(c.sessionId());
                continue;
            }
            List<ReplayedCall> calls = bySession.computeIfAbsent(c.sessionId(), s -> new ArrayList<>());
            if (calls.size() < PER_SESSION) calls.add(c);
        }
        Map<String, Integer> support = new HashMap<>();
        Map<String, Map<String, Integer>> priorCounts = new HashMap<>();
        long window = WITHIN_SECONDS * 1000L;
        bySession.forEach((session, calls) -> {
            if (refused.contains(session)) return;
            // for each endpoint the session called: the endpoints that came before every one of its calls
            Map<String, Set<String>> always = new HashMap<>();
            for (int i = 0; i < calls.size(); i++) {
                ReplayedCall target = calls.get(i);
                String key = endpoint(target);
                Set<String> before = new LinkedHashSet<>();
                for (int j = i - 1; j >= 0 && target.at() - calls.get(j).at() <= window; j--) {
                    String prior = endpoint(calls.get(j));
                    if (!prior.equals(key)) before.add(prior);
                }
                Set<String> kept = always.get(key);
                if (kept == null) always.put(key, before);
                else kept.retainAll(before);
            }
            always.forEach((target, priors) -> {
                support.merge(target, 1, Integer::sum);
                Map<String, Integer> counts = priorCounts.computeIfAbsent(target, t -> new HashMap<>());
                for (String p : priors) counts.merge(p, 1, Integer::sum);
            });
        });
        Set<String> known = new HashSet<>();
        for (SequenceRule r : existing) {
            if (r instanceof SequenceRule.RequiresPrior p) known.add(p.method() + " " + p.path() + "\n" + p.priorMethod() + " " + p.priorPath());
        }
        List<Suggestion> out = new ArrayList<>();
        priorCounts.forEach((target, counts) -> {
            int n = support.get(target);
            if (n < MIN_SUPPORT) return;
            counts.forEach((prior, k) -> {
                double confidence = (double) k / n;
                if (confidence < MIN_CONFIDENCE || known.contains(target + "\n" + prior)) return;
                String[] t = target.split(" ", 2);
                String[] p = prior.split(" ", 2);
                SequenceRule.RequiresPrior rule = new SequenceRule.RequiresPrior(t[0], t[1], p[0], p[1], WITHIN_SECONDS);
                if (applicable(rule)) out.add(new Suggestion(rule, n, confidence));
            });
        });
        out.sort(Comparator.comparingInt(Suggestion::support).reversed().thenComparing(Comparator.comparingDouble(Suggestion::confidence).reversed())
                .thenComparing(s -> s.rule().encode()));
        return out.size() > MAX ? List.copyOf(out.subList(0, MAX)) : List.copyOf(out);
    }

    /**
     * A rule the operator can apply as it reads: one the rules endpoint takes (no OPTIONS, no path with a
     * space), and no literal path ending in {@code /*}, which a rule would take for every path under it.
     */
    private static boolean applicable(SequenceRule.RequiresPrior rule) {
        if (rule.path().endsWith("/*") || rule.priorPath().endsWith("/*")) return false;
        try {
            dev.palisade.engine.sequence.SequenceRules.validate(List.of(rule));
            return true;
        } catch (dev.palisade.engine.InvalidInputException refused) {
            return false;
        }
    }

    private static String endpoint(ReplayedCall c) {
        return c.method() + " " + c.path();
    }
}
