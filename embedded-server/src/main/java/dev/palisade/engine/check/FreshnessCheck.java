package dev.palisade.engine.check;

import dev.palisade.engine.Check;
import dev.palisade.engine.ProtectedRequest;
import dev.palisade.engine.Reason;
import dev.palisade.engine.Verdict;
import dev.palisade.engine.config.Settings;
import dev.palisade.engine.session.Session;
import dev.palisade.engine.signature.MalformedSignatureException;
import dev.palisade.engine.signature.SignatureFields;

import java.time.Clock;
import java.util.function.Supplier;

/**
 * Techniques 3 and 4, first half: a session's call carries an RFC 9421 signature for this session,
 * with {@code alg="hmac-sha256"}, a nonce, and a {@code created} time inside the skew window.
 * Cheap checks only; the MAC is the next check's job.
 */
public final class FreshnessCheck implements Check {

    static final String ALG = "hmac-sha256";
    /**
     * How far beyond the skew window a call refused as from the future has its nonce spent: a clock a
     * minute fast, not one set to next year, whose calls would fill the nonce store ahead of time.
     */
    static final long SPENT_BEYOND_SECONDS = 60;
    /**
     * And never further ahead than the widest skew window (300 s): both nonce stores then keep the
     * second until its window has passed, whatever the skew is raised to meanwhile (MemoryNonceStore's
     * ring of 608 s, RedisNonceStore's keys kept 620 s).
     */
    static final long SPENT_AHEAD_MAX_SECONDS = 300;
    private static final Verdict MISSING = Verdict.deny(Reason.MISSING_SIGNATURE, "freshness",
            "sign every API call: Signature-Input and Signature headers (RFC 9421, hmac-sha256 with the session's"
                    + " key, which the client that logged in agreed with the server and which is never sent);"
                    + " palisade.js does this for you");

    private final Supplier<Settings> settings;
    private final Clock clock;
    private final long floorSecond;
    private final Verdict beforeFloor;

    /**
     * @param floorSecond the first second a signature may be created in ({@code StartFloor}): nonces live in
     *                    memory, so one created before this process started, or in a second its previous run
     *                    accepted one in, may have been used already and is refused
     * @param startedAt   when this process's engine started, in epoch ms
     */
    public FreshnessCheck(Supplier<Settings> settings, Clock clock, long floorSecond, long startedAt) {
        this.settings = settings;
        this.clock = clock;
        this.floorSecond = floorSecond;
        this.beforeFloor = floorSecond <= Math.floorDiv(startedAt, 1000)
                ? deny(Reason.STALE, "the signature was created before this server started (it forgets used nonces"
                        + " on a restart); sign again")
                : deny(Reason.STALE, "the signature was created before " + java.time.Instant.ofEpochSecond(floorSecond)
                        + ", in a second this server's previous run may have accepted it in (a restart forgets used"
                        + " nonces); sign again");
    }

    @Override
    public String name() { return "freshness"; }

    @Override
    public Verdict evaluate(ProtectedRequest request) {
        Session session = request.session();
        if (session == null) return null; // API-key callers do not sign
        String inputField = request.header("signature-input");
        if (inputField == null || request.header("signature") == null) return MISSING;
        SignatureFields input = SignatureFields.ofThisThread();
        try {
            // one member, as the profile says: with two, which one counts would be the attacker's choice
            if (input.readInput(inputField) != 1) return deny(Reason.BAD_SIGNATURE, "Signature-Input must have exactly one member");
        } catch (MalformedSignatureException e) {
            return deny(Reason.BAD_SIGNATURE, "Signature-Input is malformed: " + e.getMessage());
        }
        if (!keyIdIsSessionId(input, session)) {
            return deny(Reason.MISSING_SIGNATURE, "no signature has keyid=\"<this session's id>\"");
        }
        if (!input.algIs(ALG)) return deny(Reason.BAD_SIGNATURE, "the signature must declare alg=\"" + ALG + "\"");
        if (input.nonceLength() <= 0 || input.nonceLength() > 128) {
            return deny(Reason.BAD_SIGNATURE, "the signature needs a nonce parameter (1–128 characters)");
        }
        if (input.created() < 0) return deny(Reason.BAD_SIGNATURE, "the signature needs a created parameter");
        long now = request.now(clock);
        if (input.expires() >= 0 && input.expires() * 1000 <= now) {
            return deny(Reason.STALE, "the signature expired " + (now / 1000 - input.expires()) + " s ago (its expires parameter)");
        }
        // whole seconds, as created is: a request signed in the second the server started passes, unless the
        // previous run accepted one of that second; one created later, used by the previous run ahead of its
        // clock, finds its nonce spent again (NoncesAhead)
        if (input.created() < floorSecond) return beforeFloor(Math.floorDiv(now, 1000));
        long skew = settings.get().signatureSkew().toSeconds();
        long drift = input.created() - now / 1000;
        if (Math.abs(drift) > skew) {
            Verdict stale = deny(Reason.STALE, "created is " + Math.abs(drift) + " s " + (drift < 0 ? "old" : "in the future")
                    + "; at most " + skew + " s is allowed (check the client's clock)");
            if (drift < 0 || drift > skew + SPENT_BEYOND_SECONDS || drift > SPENT_AHEAD_MAX_SECONDS) return stale;
            // it would be fresh once the server's clock caught up: refused only after its MAC is checked and
            // its nonce spent (NonceCheck), so whoever captured it cannot send it again then (L1, replay)
            request.refuseOnceNonceSpent(stale);
        }
        request.attach(input);
        return null;
    }

    /**
     * A floor ahead of the clock (a restart quicker than two seconds, a clock set back) says how far, as Retry-After: a
     * client signs from there (inside the skew window, StartFloor's cap) rather than again in the next second, still below it.
     */
    private Verdict beforeFloor(long nowSecond) {
        if (floorSecond <= nowSecond) return beforeFloor;
        return new Verdict(beforeFloor.reason(), beforeFloor.check(), beforeFloor.explanation(), 0, floorSecond - nowSecond);
    }

    private Verdict deny(Reason reason, String why) {
        return Verdict.deny(reason, name(), why);
    }

    /** Whether the signature's keyid is the session's id, compared without making the id's text (it is two longs). */
    private static boolean keyIdIsSessionId(SignatureFields input, Session session) {
        String text = input.keyIdText();
        return text != null && session.idIs(text, input.keyIdStart(), input.keyIdEnd());
    }
}
