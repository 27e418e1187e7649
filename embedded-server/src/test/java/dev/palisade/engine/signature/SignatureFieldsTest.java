package dev.palisade.engine.signature;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The per-thread reading of a call's two signature fields: what a check sees, and what a reuse clears. */
class SignatureFieldsTest {

    private static final String PARAMS = SignatureBase.serializeParams(List.of("@method", "@path", "authorization"),
            1_700_000_000L, "session-1", "hmac-sha256", "nonce-1");

    private static String mac(int length, int fill) {
        byte[] b = new byte[length];
        Arrays.fill(b, (byte) fill);
        return Base64.getEncoder().encodeToString(b);
    }

    private static byte[] bytes(int length, int fill) {
        byte[] b = new byte[length];
        Arrays.fill(b, (byte) fill);
        return b;
    }

    @Test
    void readsTheOneMemberInPlace() {
        SignatureFields f = new SignatureFields();
        assertThat(f.readInput("sig1=" + PARAMS)).isEqualTo(1);
        assertThat(f.label()).isEqualTo("sig1");
        assertThat(f.covers("@path")).isTrue();
        assertThat(f.covers("@query")).isFalse();
        assertThat(f.componentCount()).isEqualTo(3);
        assertThat(f.component(2)).isSameAs("authorization");
        assertThat(f.created()).isEqualTo(1_700_000_000L);
        assertThat(f.expires()).isEqualTo(-1);
        assertThat(f.keyIdIs("session-1")).isTrue();
        assertThat(f.keyIdIs("session-")).isFalse();
        assertThat(f.keyIdIs("session-12")).isFalse();
        assertThat(f.algIs("hmac-sha256")).isTrue();
        assertThat(f.nonceLength()).isEqualTo(7);
        Utf8Buffer out = new Utf8Buffer();
        f.appendParams(out);
        f.appendNonce(out.append('|'));
        assertThat(new String(out.bytes(), 0, out.length(), StandardCharsets.US_ASCII)).isEqualTo(PARAMS + "|nonce-1");
    }

    /** What a reader that never read a list before reads in {@code field}. */
    private static java.util.List<String> freshly(String field) {
        SignatureFields f = new SignatureFields();
        f.readInput(field);
        return components(f);
    }

    private static java.util.List<String> components(SignatureFields f) {
        java.util.List<String> out = new java.util.ArrayList<>();
        for (int i = 0; i < f.componentCount(); i++) out.add(f.component(i));
        return out;
    }

    @Test
    void aListSeenBeforeReadsAsItDidAndOneThatDiffersAnywhereIsReadAfresh() {
        String longList = "(" + java.util.stream.IntStream.range(0, 15).mapToObj(i -> "\"x-a-long-field-name-" + i + "\" ")
                .collect(java.util.stream.Collectors.joining()) + "\"@path\")"; // longer than the reader keeps
        String[] lists = {"(\"@method\" \"@path\")", "(\"@method\" \"@path\" \"x-a\")", "(\"@method\" \"@path\" \"x-b\")",
                "(\"@method\")", "()", "(\"@method\" \"x-\\\"q\")", "(\"@method\" \"@path\"  )", longList,
                "(\"@method\" \"@path)\")"};
        SignatureFields f = new SignatureFields();
        // every list after every other, twice: kept lists come back after longer and shorter ones, and
        // more lists than the reader keeps pass through it
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < lists.length; i++) {
                for (int j : new int[] {i, (i + round + 1) % lists.length, i}) {
                    String field = "sig1=" + lists[j] + ";created=" + (round * 100 + j) + ";keyid=\"k\";nonce=\"n\"";
                    assertThat(f.readInput(field)).isEqualTo(1);
                    assertThat(components(f)).as(field).isEqualTo(freshly(field));
                    assertThat(f.created()).as("what follows the list is read from where it ends: %s", field)
                            .isEqualTo(round * 100 + j);
                }
            }
        }
        assertThat(freshly("sig1=(\"@method\" \"x-\\\"q\");created=1")).containsExactly("@method", "x-\"q");
    }

    @Test
    void escapedParametersCompareByTheirUnescapedText() {
        SignatureFields f = new SignatureFields();
        f.readInput("sig1=(\"@method\");keyid=\"a\\\"b\";nonce=\"n\\\\1\"");
        assertThat(f.keyIdIs("a\"b")).isTrue();
        assertThat(f.keyIdIs("a\\\"b")).isFalse();
        assertThat(f.nonceLength()).isEqualTo(3);
    }

    /* fuzz58: RFC 8941 would have a repeated label replace its member; the profile counts it, and refuses two. */
    @Test
    void aRepeatedLabelIsAnotherMemberAsAnotherLabelIs() {
        SignatureFields f = new SignatureFields();
        assertThat(f.readInput("a=();created=1;nonce=\"first\", a=();created=2")).isEqualTo(2);
        assertThat(f.readInput("a=();created=1, b=();created=2, a=();created=3")).isEqualTo(2);
        assertThat(f.readInput("ab=();created=1, a=();created=2")).isEqualTo(2);
    }

    @Test
    void theMacIsTheMemberWithTheInputsLabel() {
        SignatureFields f = new SignatureFields();
        f.readInput("sig1=" + PARAMS);
        assertThat(f.readSignature("other=:" + mac(32, 1) + ":, sig1=:" + mac(32, 2) + ":")).isEqualTo(2);
        assertThat(f.readSignature("sig1=:" + mac(32, 1) + ":, sig1=:" + mac(32, 2) + ":")).as("one label twice").isEqualTo(2);
        assertThat(f.hasMac()).isTrue();
        assertThat(f.macEquals(bytes(32, 2), 32)).isTrue();
        assertThat(f.macEquals(bytes(32, 1), 32)).isFalse();

        assertThat(f.readSignature("sig1=:" + mac(32, 3) + ":")).isEqualTo(1);
        assertThat(f.macEquals(bytes(32, 3), 32)).isTrue();
        byte[] oneBitOff = bytes(32, 3);
        oneBitOff[31] ^= 1;
        assertThat(f.macEquals(oneBitOff, 32)).isFalse();
        assertThat(f.macEquals(bytes(32, 3), 31)).as("a MAC of another length").isFalse();

        assertThat(f.readSignature("sig2=:" + mac(32, 3) + ":")).isEqualTo(1);
        assertThat(f.hasMac()).as("no member labelled sig1 this time").isFalse();
        assertThat(f.readSignature("sig10=:" + mac(32, 3) + ":")).isEqualTo(1);
        assertThat(f.hasMac()).as("a label that only starts with sig1").isFalse();
    }

    @Test
    void aMacLongerThanKeptNeverMatchesAndMalformedMembersAreRefused() {
        SignatureFields f = new SignatureFields();
        f.readInput("sig1=" + PARAMS);
        f.readSignature("sig1=:" + mac(200, 4) + ":");
        assertThat(f.hasMac()).isTrue();
        assertThat(f.macEquals(bytes(200, 4), 32)).isFalse();
        assertThatThrownBy(() -> f.readSignature("sig1=:" + mac(32, 1) + ":, other=:***:"))
                .isInstanceOf(MalformedSignatureException.class);
        assertThatThrownBy(() -> f.readSignature("sig1=:" + "*".repeat(300) + ":"))
                .isInstanceOf(MalformedSignatureException.class);
    }

    @Test
    void aNewInputForgetsTheLastCallsMac() {
        SignatureFields f = new SignatureFields();
        f.readInput("sig1=" + PARAMS);
        f.readSignature("sig1=:" + mac(32, 5) + ":");
        f.readInput("sig1=" + PARAMS);
        assertThat(f.hasMac()).isFalse();
        assertThat(f.macEquals(bytes(32, 5), 32)).isFalse();
    }

    @Test
    void readsLikeTheMapReaderForEachMember() {
        String field = "a=(\"@method\" \"x-b\");created=3;expires=9;keyid=\"k\";alg=\"hmac-sha256\";nonce=\"n\";tag=\"t\"";
        SignatureInput member = SignatureHeaders.parseInput(field).get("a");
        assertThat(member.components()).containsExactly("@method", "x-b");
        assertThat(member.created()).isEqualTo(3);
        assertThat(member.expires()).isEqualTo(9);
        assertThat(member.keyId()).isEqualTo("k");
        assertThat(member.alg()).isEqualTo("hmac-sha256");
        assertThat(member.nonce()).isEqualTo("n");
        assertThat(member.serializedParams()).isEqualTo(field.substring(2));
    }

    @Test
    void onlyTheSixParameterNamesAreKnown() {
        SignatureFields f = new SignatureFields();
        assertThat(f.readInput("a=();created=1;expires=2;keyid=\"k\";alg=\"hmac-sha256\";nonce=\"n\";tag=\"t\"")).isEqualTo(1);
        for (String unknown : new String[] {"alx", "tax", "abc", "keyix", "nonc3", "kkkkk", "createx", "expirex", "cxxxxxx",
                "create", "nonces", "a", "algs"}) {
            assertThatThrownBy(() -> f.readInput("a=();" + unknown + "=\"x\"")).as(unknown)
                    .isInstanceOf(MalformedSignatureException.class).hasMessageContaining(unknown);
        }
    }

    @Test
    void aParameterGivenTwiceIsRefusedEvenWithTheSameValue() {
        SignatureFields f = new SignatureFields();
        String all = "a=();created=1;expires=2;keyid=\"k\";alg=\"hmac-sha256\";nonce=\"n\";tag=\"t\"";
        assertThat(f.readInput(all)).isEqualTo(1);
        for (String again : new String[] {"created=1", "expires=2", "keyid=\"k\"", "alg=\"hmac-sha256\"", "nonce=\"n\"", "tag=\"t\""}) {
            String name = again.substring(0, again.indexOf('='));
            assertThatThrownBy(() -> f.readInput(all + ";" + again)).as(again)
                    .isInstanceOf(MalformedSignatureException.class).hasMessageContaining(name + " given twice");
        }
        // RFC 8941 would take the last of two: a client that sent a second alg is not told its first was ignored
        assertThatThrownBy(() -> f.readInput("a=();alg=\"rsa-pss-sha512\";alg=\"hmac-sha256\""))
                .isInstanceOf(MalformedSignatureException.class);
    }

    @Test
    void aReusedStructureForgetsTheLastCallsParameters() {
        SignatureFields f = new SignatureFields();
        f.readInput("sig1=(\"@method\");created=5;expires=9;keyid=\"s1\";alg=\"hmac-sha256\";nonce=\"n1\"");
        assertThat(f.keyIdIs("s1")).isTrue();
        f.readInput("sig1=()");
        assertThat(f.keyIdIs("s1")).as("keyid").isFalse();
        assertThat(f.algIs("hmac-sha256")).as("alg").isFalse();
        assertThat(f.nonceLength()).as("nonce").isEqualTo(-1);
        assertThat(f.created()).as("created").isEqualTo(-1);
        assertThat(f.expires()).as("expires").isEqualTo(-1);
        assertThat(f.componentCount()).as("components").isZero();
        f.readInput("sig1=();alg=\"hmac-sha512\"");
        assertThat(f.algIs("hmac-sha256")).as("another algorithm").isFalse();
    }

    @Test
    void spacesBeforeTheFirstMemberAreAllowedAndManyComponentsKept() {
        SignatureFields f = new SignatureFields();
        String many = java.util.stream.IntStream.rangeClosed(1, 15).mapToObj(i -> "\"x-h" + i + "\"")
                .collect(java.util.stream.Collectors.joining(" "));
        assertThat(f.readInput("  \tsig1=(\"@method\" " + many + ");created=1")).isEqualTo(1);
        assertThat(f.componentCount()).isEqualTo(16);
        assertThat(f.component(15)).isEqualTo("x-h15");
        assertThat(f.readSignature(" \t sig1=:" + mac(32, 7) + ":")).isEqualTo(1);
        assertThat(f.macEquals(bytes(32, 7), 32)).isTrue();
    }

    /* Audit path57 M1 and L1: RFC 9421 §2.5 refuses a component listed twice, §2.1 has field names in lower case. */
    @Test
    void aComponentTwiceAFieldNameInUpperCaseAndASeventeenthComponentAreRefused() {
        SignatureFields f = new SignatureFields();
        for (String list : new String[] {"(\"@method\" \"@method\")", "(\"x-a\" \"@path\" \"x-a\")", "(\"@query\" \"@query\")"}) {
            assertThatThrownBy(() -> f.readInput("sig1=" + list + ";created=1")).as(list)
                    .isInstanceOf(MalformedSignatureException.class).hasMessageContaining("component given twice");
        }
        for (String list : new String[] {"(\"Authorization\")", "(\"x-App\")", "(\"x-aZ\")"}) {
            assertThatThrownBy(() -> f.readInput("sig1=" + list + ";created=1")).as(list)
                    .isInstanceOf(MalformedSignatureException.class).hasMessageContaining("lower case");
        }
        assertThat(f.readInput("sig1=(\"@Method\" \"x-a\" \"x-b\" \"\");created=1")).as("a derived name is refused by its"
                + " check, as any unknown one; an empty name is no field the request carries").isEqualTo(1);
        String sixteen = java.util.stream.IntStream.rangeClosed(1, 16).mapToObj(i -> "\"x-h" + i + "\"")
                .collect(java.util.stream.Collectors.joining(" "));
        assertThat(f.readInput("sig1=(" + sixteen + ");created=1")).isEqualTo(1);
        assertThatThrownBy(() -> f.readInput("sig1=(" + sixteen + " \"x-h17\");created=1"))
                .isInstanceOf(MalformedSignatureException.class).hasMessageContaining("more than 16");
    }
}
