package dev.palisade.engine.check;

import dev.palisade.engine.Check;
import dev.palisade.engine.ProtectedRequest;
import dev.palisade.engine.Reason;
import dev.palisade.engine.Verdict;
import dev.palisade.engine.sequence.SequenceRule;
import dev.palisade.engine.session.Session;

import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;

/**
 * Technique 9, last in line: the session's recent calls (its history) must make this call plausible
 * for the business: an order after a look at the cart, no machine-gun pacing on a route.
 */
public final class SequenceCheck implements Check {

    private final Supplier<List<SequenceRule>> rules;
    private final Clock clock;

    public SequenceCheck(Supplier<List<SequenceRule>> rules, Clock clock) {
        this.rules = rules;
        this.clock = clock;
    }

    @Override
    public String name() { return "sequence"; }

    @Override
    public Verdict evaluate(ProtectedRequest request) {
        Session session = request.session();
        if (session == null) return null;
        long now = clock.millis();
        for (SequenceRule rule : rules.get()) {
            if (rule instanceof SequenceRule.RequiresPrior r && applies(r.method(), r.path(), request)) {
                long since = now - r.withinSeconds() * 1000L;
                if (session.lastAllowedCall(r.priorMethod(), p -> SequenceRulesPaths.matches(r.priorPath(), p), since) < 0) {
                    return Verdict.deny(Reason.SEQUENCE_VIOLATION, name(), r.method() + " " + r.path() + " needs "
                            + r.priorMethod() + " " + r.priorPath() + " in the same session within the last "
                            + r.withinSeconds() + " s");
                }
            } else if (rule instanceof SequenceRule.MinInterval m && applies(m.method(), m.path(), request)) {
                long last = session.lastAllowedCall(m.method(), p -> SequenceRulesPaths.matches(m.path(), p), now - m.minMillis());
                if (last >= 0) {
                    return Verdict.deny(Reason.SEQUENCE_VIOLATION, name(), m.method() + " " + m.path() + " again after "
                            + (now - last) + " ms; a person needs at least " + m.minMillis() + " ms");
                }
            }
        }
        return null;
    }

    private static boolean applies(String method, String path, ProtectedRequest request) {
        return method.equals(request.method()) && SequenceRulesPaths.matches(path, request.path());
    }
}
