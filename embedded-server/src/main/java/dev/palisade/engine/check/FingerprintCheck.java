package dev.palisade.engine.check;

import dev.palisade.engine.Check;
import dev.palisade.engine.JsonText;
import dev.palisade.engine.ProtectedRequest;
import dev.palisade.engine.Reason;
import dev.palisade.engine.Verdict;
import dev.palisade.engine.event.Audit;
import dev.palisade.engine.fingerprint.Action;
import dev.palisade.engine.fingerprint.Change;
import dev.palisade.engine.fingerprint.Fingerprint;
import dev.palisade.engine.fingerprint.FingerprintPolicy;
import dev.palisade.engine.fingerprint.FingerprintBinding;
import dev.palisade.engine.session.Session;

import java.util.List;

/**
 * Technique 5: the caller still looks like the client the session began with. A change in a
 * re-auth component refuses the call ({@code reauth_required}); a change in an alert component is
 * accepted, reported once, and becomes the new binding. Every change is a {@code fingerprint_mismatch}
 * event with the old and new values.
 */
public final class FingerprintCheck implements Check {

    private final FingerprintBinding binding;
    private final Audit audit;

    public FingerprintCheck(FingerprintBinding binding, Audit audit) {
        this.binding = binding;
        this.audit = audit;
    }

    @Override
    public String name() { return "fingerprint"; }

    @Override
    public Verdict evaluate(ProtectedRequest request) {
        Session session = request.session();
        if (session == null) return null;
        FingerprintPolicy policy = binding.policy();
        if (!session.automation().isEmpty() && policy.automationAction() == Action.DENY) {
            return Verdict.deny(Reason.AUTOMATION_SUSPECTED, name(), "this session began in a browser that looked"
                    + " automated (" + session.automation() + ") and the fingerprint policy denies automation");
        }
        String[] inputs = policy.inputs(request.clientIp(), request::header);
        if (session.matchedBefore(policy, inputs)) return null; // same client as a call that matched
        Fingerprint now = policy.capture(request.clientIp(), request::header);
        Fingerprint matched = binding.matchedBinding(session, now);
        if (matched != null) {
            session.rememberMatch(policy, inputs, matched);
            return null;
        }
        List<Change> changes = binding.changes(session.fingerprint(), now);
        boolean reauth = changes.stream().anyMatch(c -> c.action() == Action.REAUTH);
        if (!changes.isEmpty()) audit.fingerprintMismatch(request, detail(changes, reauth), reauth);
        if (reauth) {
            session.refused(now);
            StringBuilder why = new StringBuilder("the client changed since login (");
            changes.stream().filter(c -> c.action() == Action.REAUTH)
                    .forEach(c -> why.append(why.charAt(why.length() - 1) == '(' ? "" : ", ").append(c.component()));
            return Verdict.deny(Reason.REAUTH_REQUIRED, name(), why.append("); log in again").toString());
        }
        binding.rebind(session, now);
        return null;
    }

    /** {"action":"reauth","changes":[{"component":"userAgent","from":"…","to":"…","action":"reauth"}]} */
    static String detail(List<Change> changes, boolean reauth) {
        StringBuilder b = new StringBuilder("{\"action\":\"").append(reauth ? "reauth" : "alert").append("\",\"changes\":[");
        for (int i = 0; i < changes.size(); i++) {
            Change c = changes.get(i);
            if (i > 0) b.append(',');
            b.append("{\"component\":").append(JsonText.quote(c.component()))
                    .append(",\"from\":").append(JsonText.quote(c.from()))
                    .append(",\"to\":").append(JsonText.quote(c.to()))
                    .append(",\"action\":\"").append(c.action().label()).append("\"}");
        }
        return b.append("]}").toString();
    }
}
