package dev.palisade.engine.signature;

import dev.palisade.engine.PerThread;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Base64;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** The signed call's own HMAC construction against the JDK's {@link Mac}, the independent implementation. */
class HmacTest {

    @Test
    void everyKeyAndDataLengthGivesTheJdksMac() throws Exception {
        SplittableRandom random = new SplittableRandom(9421);
        Hmac.Rfc2104 hmac = new Hmac.Rfc2104();
        Mac jdk = Mac.getInstance("HmacSHA256");
        byte[] data = new byte[700];
        // keys shorter than, as long as and longer than a block (64 B, hashed first); data across block edges
        for (int keyLength : new int[] {1, 16, 31, 32, 33, 63, 64, 65, 100, 129, 300}) {
            for (int length = 0; length <= 260; length += random.nextInt(1, 9)) {
                byte[] key = new byte[keyLength];
                random.nextBytes(key);
                random.nextBytes(data);
                jdk.init(new SecretKeySpec(key, "HmacSHA256"));
                jdk.update(data, 0, length);
                byte[] expected = jdk.doFinal();
                assertThat(hmac.sha256(key, data, length)).as("key %d B, data %d B", keyLength, length).isEqualTo(expected);
            }
        }
    }

    @Test
    void oneCallLeavesNothingThatChangesTheNext() throws Exception {
        Hmac.Rfc2104 hmac = new Hmac.Rfc2104();
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) 7);
        byte[] data = "\"@method\": GET\n".getBytes();
        byte[] first = hmac.sha256(key, data, data.length).clone();
        hmac.sha256(new byte[100], new byte[300], 300);
        assertThat(hmac.sha256(key, data, data.length)).isEqualTo(first);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> hmac.sha256(key, data, data.length + 1))
                .as("cut short after the inner pad was hashed").isInstanceOf(IllegalArgumentException.class);
        assertThat(hmac.sha256(key, data, data.length)).as("the next call starts clean").isEqualTo(first);
        Mac jdk = Mac.getInstance("HmacSHA256");
        jdk.init(new SecretKeySpec(key, "HmacSHA256"));
        assertThat(first).isEqualTo(jdk.doFinal(data));
        assertThat(hmac.sha256(key, data, data.length - 1)).isNotEqualTo(first);
    }

    @Test
    void anEmptyKeyVerifiesNothingNotEvenItsOwnMac() throws Exception {
        Utf8Buffer base = new Utf8Buffer().append("\"@method\": GET\n");
        byte[] data = Arrays.copyOf(base.bytes(), base.length());
        // RFC 2104 pads a short key with zeros: the MAC of the empty key is the MAC of 64 zero bytes
        Mac jdk = Mac.getInstance("HmacSHA256");
        jdk.init(new SecretKeySpec(new byte[64], "HmacSHA256"));
        SignatureFields fields = new SignatureFields();
        fields.readInput("sig1=(\"@method\");created=1");
        fields.readSignature("sig1=:" + Base64.getEncoder().encodeToString(jdk.doFinal(data)) + ":");
        assertThat(Hmac.verify(new byte[64], base, fields)).as("the MAC is right for the zero key").isTrue();
        assertThat(Hmac.verify(new byte[0], base, fields)).as("no key signs nothing").isFalse();
    }

    @Test
    void noKeyDerivedBytesNorMacsStayInTheThreadAfterACall() throws Exception {
        byte[] longKey = new byte[100]; // longer than a block: hashed first, into an array of its own
        Arrays.fill(longKey, (byte) 9);
        Hmac.sha256(longKey, new byte[10], 10);
        assertNoBytesLeftInThisThread("after a MAC");
        Utf8Buffer base = new Utf8Buffer().append("\"@method\": GET\n");
        SignatureFields fields = new SignatureFields();
        fields.readInput("sig1=(\"@method\");created=1");
        fields.readSignature("sig1=:" + Base64.getEncoder().encodeToString(new byte[32]) + ":");
        assertThat(Hmac.verify(longKey, base, fields)).isFalse();
        assertNoBytesLeftInThisThread("after a refused MAC, whose right value the thread had made");
    }

    /** Every array of this thread's HMAC state, whatever its name, is zero. */
    private static void assertNoBytesLeftInThisThread(String when) throws Exception {
        Field perThread = Hmac.class.getDeclaredField("PER_THREAD");
        perThread.setAccessible(true);
        Object state = ((PerThread<?>) perThread.get(null)).get();
        int arrays = 0;
        for (Field f : Hmac.Rfc2104.class.getDeclaredFields()) {
            if (f.getType() != byte[].class || Modifier.isStatic(f.getModifiers())) continue;
            f.setAccessible(true);
            assertThat((byte[]) f.get(state)).as("%s: %s", when, f.getName()).containsOnly((byte) 0);
            arrays++;
        }
        assertThat(arrays).as("pad, hashedKey, inner, out").isEqualTo(4);
    }
}
