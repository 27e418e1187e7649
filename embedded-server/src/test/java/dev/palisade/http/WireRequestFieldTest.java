package dev.palisade.http;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A field as RFC 9421 covers it, found whether or not Jetty knows the field's name. */
class WireRequestFieldTest {

    private static final HttpFields FIELDS = HttpFields.build()
            .add("Authorization", "Bearer a") // a name Jetty knows: the field carries Jetty's constant
            .add(new HttpField((HttpHeader) null, "AUTHORIZATION", " Bearer b ")) // the same name without the constant
            .add("Signature-Input", "sig1=()")
            .add("Accept-Language", "fr") // as long as signature-input, and not it
            .asImmutable();

    @Test
    void everyValueOfTheNameIsJoinedWhetherJettyKnowsTheNameOrNot() {
        assertThat(FIELDS.getField(0).getHeader()).isEqualTo(HttpHeader.AUTHORIZATION);
        assertThat(FIELDS.getField(1).getHeader()).isNull();
        assertThat(WireRequest.field(FIELDS, "authorization")).isEqualTo("Bearer a, Bearer b");
    }

    @Test
    void aNameJettyDoesNotKnowIsMatchedWithoutRegardToCase() {
        assertThat(WireRequest.field(FIELDS, "signature-input")).isEqualTo("sig1=()");
        assertThat(WireRequest.field(FIELDS, "accept-language")).isEqualTo("fr");
    }

    @Test
    void aNameNotInLowerCaseStillFindsTheFieldsJettyKnows() {
        assertThat(WireRequest.field(FIELDS, "Authorization")).isEqualTo("Bearer a, Bearer b");
        assertThat(WireRequest.field(FIELDS, "SIGNATURE-INPUT")).isEqualTo("sig1=()");
        assertThat(WireRequest.field(FIELDS, null)).isNull();
    }

    @Test
    void anAbsentFieldIsNull() {
        assertThat(WireRequest.field(FIELDS, "signature")).isNull();
        assertThat(WireRequest.field(FIELDS, "user-agent")).isNull();
    }

    @Test
    void namesThatShareAPlaceInTheMemoOfNamesAreEachMatchedTheirOwnWay() {
        java.util.List<String> names = new java.util.ArrayList<>(java.util.List.of("authorization", "Authorization",
                "AUTHORIZATION", "signature-input", "Signature-Input", "accept-language", "ACCEPT-LANGUAGE", "signature"));
        java.util.Random random = new java.util.Random(11);
        for (int i = 0; i < 96; i++) { // the memo has 64 places: names of every kind share them
            StringBuilder name = new StringBuilder(i % 2 == 0 ? "x-" : "X-");
            for (int c = 0; c < 6; c++) name.append((char) ((i % 2 == 0 ? 'a' : 'A') + random.nextInt(26)));
            names.add(name.toString());
        }
        names.add("x-" + "n".repeat(80)); // too long to be kept
        for (int round = 0; round < 4; round++) {
            java.util.Collections.shuffle(names, random);
            for (String name : names) {
                // Jetty's own case-blind lookup, trimmed and joined as RFC 9421 covers a field
                java.util.List<String> values = FIELDS.getValuesList(name);
                String expected = values.isEmpty() ? null : String.join(", ", values.stream().map(String::trim).toList());
                assertThat(WireRequest.field(FIELDS, name)).as("round %d, %s", round, name).isEqualTo(expected);
            }
        }
    }
}
