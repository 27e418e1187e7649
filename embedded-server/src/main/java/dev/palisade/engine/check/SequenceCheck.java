package dev.palisade.engine.check;

import dev.palisade.engine.Check;
import dev.palisade.engine.ProtectedRequest;
import dev.palisade.engine.Reason;
import dev.palisade.engine.Verdict;
import dev.palisade.engine.sequence.SequenceRule;
import dev.palisade.engine.session.Session;
import dev.palisade.engine.state.CallMarks;
import dev.palisade.engine.state.StateUnavailableException;

import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;

/**
 * Technique 9, last in line: the session's recent calls (its history) must make this call plausible
 * for the business: an order after a look at the cart, no machine-gun pacing on a route. The
 * session's calls of the kinds the rules name are also marked, and read when its history does not
 * answer: the history holds its last 16 calls only, and in a cluster only those this node served.
 */
public final class SequenceCheck implements Check {

    private static final Verdict UNAVAILABLE = new Verdict(Reason.STATE_UNAVAILABLE, "sequence",
            "the cluster's shared state does not answer, so the session's calls on other nodes could not be read;"
                    + " try again in a few seconds", 0, 2);

    private final Supplier<List<SequenceRule>> rules;
    private final Clock clock;
    private final CallMarks marks;

    private static final List<String> GET_OR_HEAD = List.of("GET", "HEAD");

    /** @param marks the calls of the kinds rules name: this node's, or every node's in a cluster */
    public SequenceCheck(Supplier<List<SequenceRule>> rules, Clock clock, CallMarks marks) {
        this.rules = rules;
        this.clock = clock;
        this.marks = marks;
    }

    @Override
    public String name() { return "sequence"; }

    @Override
    public Verdict evaluate(ProtectedRequest request) {
        Session session = request.session();
        if (session == null) return null;
        long now = request.now(clock);
        try {
            return evaluate(request, session, now);
        } catch (StateUnavailableException e) {
            return UNAVAILABLE; // fail closed: the order's look at the cart may be on a node we cannot ask
        }
    }

    private Verdict evaluate(ProtectedRequest request, Session session, long now) {
        List<SequenceRule> all = rules.get();
        for (SequenceRule rule : all) {
            if (rule instanceof SequenceRule.RequiresPrior r && applies(r.method(), r.path(), request)) {
                long since = now - r.withinSeconds() * 1000L;
                if (session.lastAllowedCall(r.priorMethod(), p -> SequenceRulesPaths.isPrior(r.priorPath(), p), since) < 0
                        && marks.last(session.idText(), r.priorMethod(), r.priorPath()) < since) {
                    return Verdict.deny(Reason.SEQUENCE_VIOLATION, name(), r.method() + " " + r.path() + " needs "
                            + r.priorMethod() + " " + r.priorPath() + " in the same session within the last "
                            + r.withinSeconds() + " s");
                }
            } else if (rule instanceof SequenceRule.MinInterval m && applies(m.method(), m.path(), request)) {
                java.util.function.Predicate<String> paths = p -> SequenceRulesPaths.matches(m.path(), p);
                long last = session.lastAllowedCall(m.method(), paths, now - m.minMillis());
                if (m.method().equals("GET")) last = Math.max(last, session.lastAllowedCall("HEAD", paths, now - m.minMillis()));
                if (last >= 0) return tooSoon(m, now, last);
            }
        }
        // last, once no rule refuses: the marks of every kind the call's pacing rules name are looked at
        // and made in one step, so calls sent at once (on one node or several) cannot all find the
        // session's last call old enough, and no rule finds the mark another rule just made
        List<SequenceRule.MinInterval> pacing = null;
        List<CallMarks.Paced> kinds = null;
        for (SequenceRule rule : all) {
            if (rule instanceof SequenceRule.MinInterval m && applies(m.method(), m.path(), request)) {
                if (pacing == null) {
                    pacing = new java.util.ArrayList<>(2);
                    kinds = new java.util.ArrayList<>(2);
                }
                pacing.add(m);
                // a HEAD is marked as itself (it must never read as a prior GET), and paces a GET all the same
                kinds.add(new CallMarks.Paced(request.method(), m.path(), m.method().equals("GET") ? GET_OR_HEAD
                        : List.of(m.method()), now - m.minMillis()));
            }
        }
        if (pacing == null) return null;
        CallMarks.TooSoon refused = marks.pace(session.idText(), kinds, now);
        return refused == null ? null : tooSoon(pacing.get(refused.kind()), now, refused.last());
    }

    private Verdict tooSoon(SequenceRule.MinInterval m, long now, long last) {
        return Verdict.deny(Reason.SEQUENCE_VIOLATION, name(), m.method() + " " + m.path() + " again after "
                // the last call may have been marked by a node whose clock runs a little ahead (within 50 ms, taken as none)
                + Math.max(0, now - last) + " ms; a person needs at least " + m.minMillis() + " ms");
    }

    /**
     * Marks an allowed call when a rule names its kind (an order's prior, a paced route), for later
     * calls and, in a cluster, for the other nodes; for a call no rule names it does nothing.
     */
    public void allowed(ProtectedRequest request, Session session, long now) {
        try {
            List<SequenceRule> all = rules.get();
            String id = null; // made once, and only for a call a rule names
            for (int i = 0; i < all.size(); i++) {
                String method = markedMethod(all.get(i), request);
                if (method == null) continue;
                String pattern = pattern(all.get(i));
                if (markedBefore(all, i, request, method, pattern)) continue; // two rules may name the same kind: marked once
                if (id == null) id = session.idText(); // kept: the marks hold it too
                marks.mark(id, method, pattern, now);
            }
        } catch (StateUnavailableException e) {
            // the call was allowed and answered: another node will not see it, and may refuse what follows it
        }
    }

    /** The method this call is marked under for {@code rule}, or null when the rule does not look at it. */
    private static String markedMethod(SequenceRule rule, ProtectedRequest request) {
        if (rule instanceof SequenceRule.RequiresPrior r && r.priorMethod().equals(request.method())
                && SequenceRulesPaths.isPrior(r.priorPath(), request.path())) { // a HEAD is no look at what a GET shows
            return r.priorMethod();
        }
        return null; // a paced call was marked when it was let through (evaluate)
    }

    private static String pattern(SequenceRule rule) {
        return ((SequenceRule.RequiresPrior) rule).priorPath();
    }

    private static boolean markedBefore(List<SequenceRule> all, int i, ProtectedRequest request, String method, String pattern) {
        for (int j = 0; j < i; j++) {
            if (method.equals(markedMethod(all.get(j), request)) && pattern.equals(pattern(all.get(j)))) return true;
        }
        return false;
    }

    /** Whether a rule naming {@code method path} holds for this call (a rule on GET holds for HEAD too). */
    private static boolean applies(String method, String path, ProtectedRequest request) {
        return SequenceRulesPaths.methodHolds(method, request.method()) && SequenceRulesPaths.matches(path, request.path());
    }
}
