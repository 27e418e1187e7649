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
}
