package dev.palisade.engine.check;

import dev.palisade.engine.Check;
import dev.palisade.engine.ProtectedRequest;
import dev.palisade.engine.Reason;
import dev.palisade.engine.Verdict;
import dev.palisade.engine.session.Session;
import dev.palisade.engine.session.SessionIds;
import dev.palisade.engine.session.SessionRecord;
import dev.palisade.engine.session.SessionRegistry;
import dev.palisade.engine.signature.MalformedSignatureException;
import dev.palisade.engine.signature.SignatureFields;

import java.util.function.Function;

/**
 * For a request whose token no longer names its session (a signed logout): the session its signature
 * names by {@code keyid}. Only the name is taken here; the checks after it prove the signature is that
 * session's key's, fresh and used once.
 */
public final class SignerCheck implements Check {

    private static final Verdict UNSIGNED = Verdict.deny(Reason.MISSING_SIGNATURE, "signer",
            "the request has no Signature-Input and Signature naming its session by keyid");
    private static final Verdict UNKNOWN = Verdict.deny(Reason.SESSION_EXPIRED, "signer",
            "the signature's keyid names no live session; log in again");
    private static final Verdict STATE_UNAVAILABLE = new Verdict(Reason.STATE_UNAVAILABLE, "signer",
            "this node does not know the signature's session and the cluster's shared state does not answer; try"
                    + " again in a few seconds", 0, 2);

    private final SessionRegistry sessions;
    private final Function<String, SessionRecord> elsewhere;

    /** @param elsewhere finds a session another node of the cluster opened (the store's {@code findSession}) */
    public SignerCheck(SessionRegistry sessions, Function<String, SessionRecord> elsewhere) {
        this.sessions = sessions;
        this.elsewhere = elsewhere;
    }

    @Override
    public String name() { return "signer"; }

    @Override
    public Verdict evaluate(ProtectedRequest request) {
        String field = request.header("signature-input");
        if (field == null || request.header("signature") == null) return UNSIGNED;
        SignatureFields input = SignatureFields.ofThisThread();
        try {
            if (input.readInput(field) != 1) {
                return Verdict.deny(Reason.BAD_SIGNATURE, name(), "Signature-Input must have exactly one member");
            }
        } catch (MalformedSignatureException e) {
            return Verdict.deny(Reason.BAD_SIGNATURE, name(), "Signature-Input is malformed: " + e.getMessage());
        }
        String text = input.keyIdText();
        if (text == null) return UNSIGNED;
        String id = text.substring(input.keyIdStart(), input.keyIdEnd());
        Session session = sessions.get(id);
        // only an id of the shape this server makes is looked up in the store (another node's session)
        if (session == null && SessionIds.packs(id)) {
            try {
                session = sessions.adopt(elsewhere.apply(id));
            } catch (RuntimeException e) {
                return STATE_UNAVAILABLE;
            }
        }
        if (session == null) return UNKNOWN;
        request.attach(session);
        return null;
    }
}
