package dev.palisade.engine.session;

import dev.palisade.engine.Secrets;
import org.junit.jupiter.api.Test;

import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/** A session id the server makes is 16 bytes as 22 base64url characters; held as two longs, it reads back the same. */
class SessionIdsTest {

    private static Session session(String id) {
        return new Session(new SessionRecord(id, "alice", SessionOrigin.BROWSER, 0, 0, "10.0.0.1", "ua",
                0, 0, 0, new byte[32], null, ""));
    }

    @Test
    void aServerMadeIdPacksAndReadsBackCharacterByCharacter() {
        for (int n = 0; n < 500; n++) {
            byte[] bytes = Secrets.randomBytes(16);
            if (n == 0) java.util.Arrays.fill(bytes, (byte) 0xff);
            if (n == 1) java.util.Arrays.fill(bytes, (byte) 0);
            String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            assertThat(SessionIds.packs(id)).as(id).isTrue();
            long high = SessionIds.high(id);
            long low = SessionIds.low(id);
            assertThat(java.nio.ByteBuffer.wrap(bytes).getLong(0)).isEqualTo(high);
            assertThat(java.nio.ByteBuffer.wrap(bytes).getLong(8)).isEqualTo(low);
            assertThat(SessionIds.text(high, low)).isEqualTo(id);
            byte[] ascii = new byte[24];
            SessionIds.writeAscii(high, low, ascii, 1);
            assertThat(new String(ascii, 1, 22, java.nio.charset.StandardCharsets.ISO_8859_1)).isEqualTo(id);
            String padded = "keyid=" + id + ";";
            assertThat(SessionIds.matches(padded, 6, 28, high, low)).isTrue();
            assertThat(SessionIds.matches(padded, 6, 28, high, low ^ 1)).isFalse();
            assertThat(SessionIds.matches(padded, 6, 28, high ^ Long.MIN_VALUE, low)).isFalse();
            assertThat(SessionIds.matches(padded, 5, 28, high, low)).isFalse();
            assertThat(SessionIds.textHashCode(high, low)).isEqualTo(id.hashCode());
            assertThat(SessionIds.hash(id)).isEqualTo(SessionIds.hash(high, low));
            Session s = session(id);
            assertThat(s.idPacked()).isTrue();
            assertThat(s.id()).isEqualTo(id);
            assertThat(s.idIs(new String(id))).isTrue();
            assertThat(s.idIs(padded, 6, 28)).isTrue();
            byte[] written = new byte[22];
            s.writeIdAscii(written, 0);
            assertThat(new String(written, java.nio.charset.StandardCharsets.ISO_8859_1)).isEqualTo(id);
            assertThat(s.idIs(padded, 6, 27)).isFalse();
            assertThat(s.idHashCode()).isEqualTo(id.hashCode());
            assertThat(s.idHash()).isEqualTo(SessionIds.hash(id));
            assertThat(s.toRecord().id()).isEqualTo(id);
        }
    }

    @Test
    void onlyTheCanonicalTextOfSixteenBytesPacks() {
        String id = Secrets.randomToken(16);
        assertThat(SessionIds.packs(id)).isTrue();
        assertThat(SessionIds.packs(id.substring(1))).as("21 characters").isFalse();
        assertThat(SessionIds.packs(id + "A")).as("23").isFalse();
        assertThat(SessionIds.packs(id.substring(0, 21) + "B")).as("bits past the 128th").isFalse();
        assertThat(SessionIds.packs(id.substring(0, 21) + "Q")).as("the last character's two bits").isTrue();
        assertThat(SessionIds.packs("+" + id.substring(1))).as("base64, not base64url").isFalse();
        assertThat(SessionIds.packs("=" + id.substring(1))).isFalse();
        assertThat(SessionIds.packs("é" + id.substring(1))).isFalse();
        assertThat(SessionIds.packs("\u0080" + id.substring(1))).as("the first character past ASCII").isFalse();
        assertThat(SessionIds.packs(id.substring(0, 21) + "\u0080")).isFalse();
        assertThat(SessionIds.matches("\u0080" + id.substring(1), 0, 22, SessionIds.high(id), SessionIds.low(id))).isFalse();
        assertThat(SessionIds.matches(id.substring(0, 21) + "\u0080", 0, 22, SessionIds.high(id), SessionIds.low(id))).isFalse();
        assertThat(SessionIds.packs(null)).isFalse();
        assertThat(SessionIds.packs("s1")).isFalse();
    }

    @Test
    void anIdThatDoesNotPackIsKeptAsTextAndComparedWhole() {
        Session s = session("s1");
        assertThat(s.idPacked()).isFalse();
        assertThat(s.id()).isEqualTo("s1");
        assertThat(s.idText()).isEqualTo("s1");
        assertThat(s.idIs("s1")).isTrue();
        assertThat(s.idIs("s2")).isFalse();
        assertThat(s.idIs("keyid=s1;", 6, 8)).isTrue();
        assertThat(s.idIs("keyid=s12", 6, 9)).isFalse();
        assertThat(s.idIs("keyid=s2;", 6, 8)).isFalse();
        assertThat(s.idHashCode()).isEqualTo("s1".hashCode());
        String id = Secrets.randomToken(16);
        String sameBitsOtherText = id.substring(0, 21) + (char) (id.charAt(21) + 1); // the 4 spare bits set
        Session packed = session(id);
        assertThat(packed.idIs(sameBitsOtherText)).as("another text is another id").isFalse();
        assertThat(packed.idIs(sameBitsOtherText, 0, 22)).isFalse();
        assertThat(packed.idIs("+" + id.substring(1), 0, 22)).as("base64, not base64url").isFalse();
        assertThat(packed.idIs(id.substring(0, 10) + "é" + id.substring(11), 0, 22)).isFalse();
        assertThat(packed.idIs(id.substring(0, 5) + "=" + id.substring(6), 0, 22)).isFalse();
        assertThat(packed.idIs(id.substring(0, 15) + "=" + id.substring(16), 0, 22)).isFalse();
        assertThat(packed.idIs("s1")).isFalse();
        assertThat(packed.idIs(Secrets.randomToken(16))).isFalse();
        assertThat(packed.idText()).isEqualTo(id).isSameAs(packed.idText());
    }

    @Test
    void theRegistryFindsSessionsByEitherKindOfIdAndNothingElse() {
        SessionRegistry registry = new SessionRegistry(() -> 1000,
                () -> new SessionPolicy(java.time.Duration.ofMinutes(30), java.time.Duration.ofHours(8)));
        String id = Secrets.randomToken(16);
        registry.restore(java.util.List.of(session(id).toRecord(), session("s1").toRecord()));
        assertThat(registry.get(new String(id)).id()).isEqualTo(id);
        assertThat(registry.get("s1").id()).isEqualTo("s1");
        assertThat(registry.get(id.substring(0, 21) + (char) (id.charAt(21) + 1))).isNull();
        assertThat(registry.get("s2")).isNull();
        Session opened = registry.open("bob", SessionOrigin.BROWSER, 0, "10.0.0.9", "ua", null, "", k -> new byte[32], 0);
        assertThat(opened.idPacked()).as("the server's own ids pack").isTrue();
        assertThat(registry.get(opened.id())).isSameAs(opened);
        assertThat(registry.revoke(opened.id(), 1)).isTrue();
        assertThat(registry.sweep(8 * 3_600_000L + 1)).containsExactlyInAnyOrder(id, "s1", opened.id());
        assertThat(registry.get(id)).isNull();
    }
}
