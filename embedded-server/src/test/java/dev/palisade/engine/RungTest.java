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
}
