package dev.palisade.engine.signature;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The edges of the RFC 8941 subset the signature fields use: the optional spaces the grammar allows,
 * the first and last character of every range, and the length limits, each on both sides.
 */
class SignatureHeadersGrammarTest {

    private static SignatureInput only(String field) {
        return SignatureHeaders.parseInput(field).values().iterator().next();
    }

    @Test
    void theSpacesTheGrammarAllowsAreSkipped() {
        SignatureInput in = only("  sig1=( \"@method\"  \"@path\" );  created=7; keyid=\"k\"");
        assertThat(in.label()).isEqualTo("sig1");
        assertThat(in.components()).containsExactly("@method", "@path");
        assertThat(in.created()).isEqualTo(7);
        assertThat(in.keyId()).isEqualTo("k");
        assertThat(SignatureHeaders.parseInput("a=();created=1 ,\tb=();created=2")).containsOnlyKeys("a", "b");
        assertThat(SignatureHeaders.parseSignatures("  a=:AQID:  ,  b=:BA==:").get("b")).containsExactly(4);
        assertThat(SignatureHeaders.parseSignatures("a=:AQID:").get("a")).containsExactly(1, 2, 3);
    }

    @Test
    void keysUseTheFirstAndLastLetterAndDigitAndTheirPunctuation() {
        assertThat(SignatureHeaders.parseInput("a=();created=1")).containsOnlyKeys("a");
        assertThat(SignatureHeaders.parseInput("z09_-.*=();created=1")).containsOnlyKeys("z09_-.*");
        assertThat(SignatureHeaders.parseInput("*a=();created=1")).containsOnlyKeys("*a");
        for (String bad : new String[] {"`a=()", "{a=()", "0a=()", "_a=()", "a/=()", "a:=()", "a`=()", "a{=()", "aZ=()"}) {
            assertThatThrownBy(() -> SignatureHeaders.parseInput(bad)).as(bad).isInstanceOf(MalformedSignatureException.class);
        }
    }

    @Test
    void integersAreAtMostFifteenAsciiDigitsAndTimesAreNotNegative() {
        assertThat(only("a=();created=0;expires=9").expires()).isEqualTo(9);
        assertThat(only("a=();created=123456789012345").created()).isEqualTo(123_456_789_012_345L);
        // RFC 8941 integers may be negative, but a time before 1970 read as none (-1): malformed here
        assertThatThrownBy(() -> SignatureHeaders.parseInput("a=();created=-5")).hasMessageContaining("created must be 0 or more");
        assertThatThrownBy(() -> SignatureHeaders.parseInput("a=();created=1;expires=-123456789012345"))
                .hasMessageContaining("expires must be 0 or more");
        for (String bad : new String[] {"a=();created=-", "a=();created=", "a=();created=1234567890123456",
                "a=();created=-1234567890123456", "a=();created=+1", "a=();created=\u0661\u0662", "a=();created=1\u0662"}) {
            assertThatThrownBy(() -> SignatureHeaders.parseInput(bad)).as(bad).isInstanceOf(MalformedSignatureException.class);
        }
    }

    @Test
    void stringsHoldSpaceToTildeAndNothingOutside() {
        assertThat(only("a=();keyid=\" ~\"").keyId()).isEqualTo(" ~");
        assertThat(only("a=();keyid=\"\\\\ ~\"").keyId()).isEqualTo("\\ ~");
        for (char bad : new char[] {0x1f, 0x7f, '\t'}) {
            assertThatThrownBy(() -> SignatureHeaders.parseInput("a=();keyid=\"x" + bad + "\"")).isInstanceOf(MalformedSignatureException.class);
            assertThatThrownBy(() -> SignatureHeaders.parseInput("a=();keyid=\"\\\\" + bad + "\"")).isInstanceOf(MalformedSignatureException.class);
        }
        assertThatThrownBy(() -> SignatureHeaders.parseInput("a=();keyid=\"\\\\")).isInstanceOf(MalformedSignatureException.class);
        assertThatThrownBy(() -> SignatureHeaders.parseInput("a=();keyid=\"\\")).isInstanceOf(MalformedSignatureException.class);
    }

    @Test
    void aNameThatOnlyBeginsOrEndsLikeAKnownOneIsReadAsWritten() {
        assertThat(only("a=(\"@met\" \"@methods\" \"hmac-sha256x\" \"ethod\" \"@query\")").components())
                .containsExactly("@met", "@methods", "hmac-sha256x", "ethod", "@query");
    }

    @Test
    void aFieldOf8192CharactersIsRead() {
        String head = "a=();keyid=\"";
        String field = head + "k".repeat(8_192 - head.length() - 1) + "\"";
        assertThat(field).hasSize(8_192);
        assertThat(only(field).keyId()).hasSize(8_192 - head.length() - 1);
    }

    @Test
    void aFieldOf8193CharactersIsRefusedBothWays() {
        String head = "a=();keyid=\"";
        String field = head + "k".repeat(8_193 - head.length() - 1) + "\"";
        assertThatThrownBy(() -> SignatureHeaders.parseInput(field)).isInstanceOf(MalformedSignatureException.class);
        String sig = "a=:" + "A".repeat(8_188) + ":";
        assertThat(sig).hasSize(8_192);
        assertThat(SignatureHeaders.parseSignatures(sig).get("a")).hasSize(6_141);
        assertThatThrownBy(() -> SignatureHeaders.parseSignatures("a=:" + "A".repeat(8_192) + ":"))
                .isInstanceOf(MalformedSignatureException.class);
    }

    @Test
    void aByteSequenceEndsAtItsOwnColonAndTheNextMemberFollows() {
        var sigs = SignatureHeaders.parseSignatures("a=:AQ==:,b=:Ag==:");
        assertThat(sigs.get("a")).containsExactly(1);
        assertThat(sigs.get("b")).containsExactly(2);
        assertThatThrownBy(() -> SignatureHeaders.parseSignatures("a=:AQ==")).isInstanceOf(MalformedSignatureException.class);
        assertThatThrownBy(() -> SignatureHeaders.parseSignatures("a=:AQ==: b=:Ag==:")).isInstanceOf(MalformedSignatureException.class);
    }

    @Test
    void serialisedParametersNameAlgAndNonceOnlyWhenGiven() {
        assertThat(SignatureBase.serializeParams(List.of("@method", "@path"), 5, "k", null, null))
                .isEqualTo("(\"@method\" \"@path\");created=5;keyid=\"k\"");
        assertThat(SignatureBase.serializeParams(List.of(), 5, "k", "hmac-sha256", null))
                .isEqualTo("();created=5;keyid=\"k\";alg=\"hmac-sha256\"");
        assertThat(SignatureBase.serializeParams(List.of("@method"), 5, "k", null, "n"))
                .isEqualTo("(\"@method\");created=5;keyid=\"k\";nonce=\"n\"");
    }

    @Test
    void aBaseIsNullWhenACoveredComponentIsMissingOrUnknown() {
        SignedMessage m = new MessageParts("GET", "example.com", "/api/notes", null, java.util.Map.of());
        assertThat(SignatureBase.of(m, List.of("@method", "@path"), "()"))
                .isEqualTo("\"@method\": GET\n\"@path\": /api/notes\n\"@signature-params\": ()");
        assertThat(SignatureBase.of(m, List.of("@method", "x-absent"), "()")).isNull();
        assertThat(SignatureBase.of(m, List.of("@target-uri"), "()")).isNull();
    }
}
