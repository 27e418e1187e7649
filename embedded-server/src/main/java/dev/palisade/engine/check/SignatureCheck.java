package dev.palisade.engine.check;

import dev.palisade.engine.Check;
import dev.palisade.engine.PerThread;
import dev.palisade.engine.ProtectedRequest;
import dev.palisade.engine.Reason;
import dev.palisade.engine.Verdict;
import dev.palisade.engine.session.Session;
import dev.palisade.engine.signature.ContentDigest;
import dev.palisade.engine.signature.Hmac;
import dev.palisade.engine.signature.MalformedSignatureException;
import dev.palisade.engine.signature.SignatureBase;
import dev.palisade.engine.signature.Utf8Buffer;
import dev.palisade.engine.signature.SignatureFields;

import java.security.MessageDigest;
import java.util.List;

/**
 * Technique 3: the signature covers what Palisade's profile demands (method, authority, path,
 * query when present, authorization, content-digest when there is a body), the body matches its
 * digest, and the HMAC with the session's key matches in constant time.
 */
public final class SignatureCheck implements Check {

    static final List<String> ALWAYS = List.of("@method", "@authority", "@path", "authorization");
    /** Each request thread builds its signature bases in one reused buffer. */
    private static final PerThread<Utf8Buffer> BASE = PerThread.withInitial(Utf8Buffer::new);
    /** Room for a session's signing key while its MAC is checked: the session holds it as four longs. */
    private static final PerThread<byte[]> KEY = PerThread.withInitial(() -> new byte[Session.SIGNING_KEY_BYTES]);

    private static final byte[] EMPTY_BODY_DIGEST = dev.palisade.engine.Secrets.sha256(new byte[0]);

    @Override
    public String name() { return "signature"; }

    @Override
    public Verdict evaluate(ProtectedRequest request) {
        SignatureFields input = request.signature();
        Session session = request.session();
        if (input == null || session == null) return null;
        for (String component : ALWAYS) {
            if (!input.covers(component)) return deny(Reason.BAD_SIGNATURE, "the signature must cover " + component);
        }
        if (request.wire().query() != null && !input.covers("@query")) {
            return deny(Reason.BAD_SIGNATURE, "the request has a query, so the signature must cover @query");
        }
        byte[] bodyDigest = request.bodyDigest();
        if (bodyDigest == null && input.covers("content-digest") && !request.bodyWithheld()) {
            // a body stripped after signing: what arrived (nothing) must still match the signed digest;
            // a gateway that withholds the body leaves the comparison to the upstream (docs/gateways.md)
            bodyDigest = EMPTY_BODY_DIGEST;
        }
        if (bodyDigest != null) {
            if (!input.covers("content-digest")) {
                return deny(Reason.BAD_SIGNATURE, "the request has a body, so the signature must cover content-digest");
            }
            byte[] claimed = ContentDigest.sha256Of(request.header("content-digest"));
            if (claimed == null || !MessageDigest.isEqual(claimed, bodyDigest)) {
                return deny(Reason.BAD_DIGEST, "the body does not match Content-Digest (sha-256); it changed after signing");
            }
        }
        try {
            if (input.readSignature(request.header("signature")) != 1) return deny(Reason.BAD_SIGNATURE, "Signature must have exactly one member");
        } catch (MalformedSignatureException e) {
            return deny(Reason.BAD_SIGNATURE, "Signature is malformed: " + e.getMessage());
        }
        if (!input.hasMac()) return deny(Reason.MISSING_SIGNATURE, "Signature has no member " + input.label());
        Utf8Buffer base = BASE.get();
        if (!SignatureBase.write(request.wire(), input, base)) {
            return deny(Reason.BAD_SIGNATURE, "the signature covers a component the request lacks");
        }
        if (!session.hasSigningKey()) {
            // a revoked session's key is not kept (SqliteStore): after a restart its browser's signed logout is told
            // what a session no longer held is told, which counts nothing against its address and tells whoever
            // names the id no more than an unknown id does (its state is for its key's holder alone)
            if (session.isRevoked()) return deny(Reason.SESSION_EXPIRED, "the signature's keyid names no live session; log in again");
            return deny(Reason.REAUTH_REQUIRED, "this session has no signing key; log in again");
        }
        byte[] room = KEY.get();
        boolean macMatches;
        try {
            macMatches = Hmac.verify(session.signingKey(room), base, input);
        } finally {
            java.util.Arrays.fill(room, (byte) 0); // the key is the session's; no copy of it lingers in the thread
        }
        if (!macMatches) {
            return deny(Reason.BAD_SIGNATURE, "the HMAC does not match: the request was altered, or signed with"
                    + " another key");
        }
        return null;
    }

    private Verdict deny(Reason reason, String why) {
        return Verdict.deny(reason, name(), why);
    }
}
