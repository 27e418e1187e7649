package dev.palisade.engine;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class RungTest {

    @Test
    void everyRungBelowAPersonIsTheAnswerOfSomeRefusalAndAPersonOfNone() {
        Set<Rung> answered = EnumSet.noneOf(Rung.class);
        for (Reason r : Reason.values()) {
            Rung rung = Rung.answering(r);
            if (rung != null) answered.add(rung);
            assertThat(Rung.answering(r.code())).as(r.code()).isEqualTo(rung);
        }
        assertThat(answered).containsExactlyElementsOf(EnumSet.range(Rung.NO_CLIENT, Rung.AUTOMATED_BROWSER));
        assertThat(Rung.PROTOCOL_SCRIPT.level() + " " + Rung.PROTOCOL_SCRIPT.label()).isEqualTo("L4 protocol_script");
    }

    @Test
    void whatAPersonOrAnOperatorMeetsIsOffTheLadder() {
        assertThat(Rung.answering(Reason.ALLOWED)).isNull();
        for (Reason r : new Reason[] {Reason.EXPIRED_TOKEN, Reason.SESSION_REVOKED, Reason.SESSION_EXPIRED,
                Reason.INVALID_CREDENTIALS, Reason.LOGIN_THROTTLED, Reason.ADMIN_UNAUTHORIZED, Reason.INVALID_CONFIG,
                Reason.BAD_REQUEST, Reason.UPSTREAM_UNAVAILABLE, Reason.SESSION_CAPACITY, Reason.INTERNAL_ERROR}) {
            assertThat(Rung.answering(r)).as(r.code()).isNull();
        }
        assertThat(Rung.answering("user_created")).as("an admin event's code").isNull();
        assertThat(Arrays.stream(Reason.values()).filter(r -> Rung.answering(r) != null)).allMatch(Reason::isDenial);
    }

    /**
     * The whole table, every code: where SECURITY.md's ladder and the Scenarios view place each refusal (the admin
     * events, exports and stream say the rung). Hotlinking's no_bootstrap is L0, a changed body's bad_digest L1, a
     * forged token's invalid_token L2; bad_signature, which SECURITY.md names under L1 as well, is L3's answer, the
     * one no replay needs (a replay is refused as replayed or stale first).
     */
    @Test
    void eachRefusalIsTheAnswerOfItsRung() {
        java.util.Map<Reason, Rung> table = new java.util.EnumMap<>(Reason.class);
        for (Reason r : new Reason[] {Reason.MISSING_CREDENTIALS, Reason.INVALID_API_KEY, Reason.BLACKLISTED, Reason.NO_BOOTSTRAP})
            table.put(r, Rung.NO_CLIENT);
        for (Reason r : new Reason[] {Reason.REPLAYED, Reason.STALE, Reason.BAD_DIGEST}) table.put(r, Rung.REPLAY);
        for (Reason r : new Reason[] {Reason.INVALID_TOKEN, Reason.MISSING_SIGNATURE, Reason.REAUTH_REQUIRED})
            table.put(r, Rung.STOLEN_TOKEN);
        table.put(Reason.BAD_SIGNATURE, Rung.DEVTOOLS_COPY);
        for (Reason r : new Reason[] {Reason.WORK_REQUIRED, Reason.WORK_INVALID, Reason.CHALLENGE_FAILED, Reason.INVALID_DEBUG_TOKEN})
            table.put(r, Rung.PROTOCOL_SCRIPT);
        for (Reason r : new Reason[] {Reason.AUTOMATION_SUSPECTED, Reason.RATE_LIMITED, Reason.SEQUENCE_VIOLATION,
                Reason.TOO_MANY_SESSIONS}) table.put(r, Rung.AUTOMATED_BROWSER);
        for (Reason r : Reason.values()) assertThat(Rung.answering(r)).as(r.code()).isEqualTo(table.get(r));
    }

    /** A price refusal (a page, ticket or session used from a dearer address) is L4's answer, whose price is the work. */
    @Test
    void aPriceRefusalIsTheAnswerOfTheProtocolScriptsRung() {
        assertThat(Rung.answering("no_bootstrap", "price")).isEqualTo(Rung.PROTOCOL_SCRIPT);
        assertThat(Rung.answering("reauth_required", "price")).isEqualTo(Rung.PROTOCOL_SCRIPT);
        assertThat(Rung.answering("no_bootstrap", "auth")).as("a ticket unknown, used or late").isEqualTo(Rung.NO_CLIENT);
        assertThat(Rung.answering("reauth_required", "fingerprint")).isEqualTo(Rung.STOLEN_TOKEN);
        assertThat(Rung.answering("rate_limited", "price")).as("no other code is a price's").isEqualTo(Rung.AUTOMATED_BROWSER);
        assertThat(Rung.answering("invalid_credentials", "price")).isNull();
    }
}
