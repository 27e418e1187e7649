package dev.palisade.state.redis;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClusterKeyTest {

    @Test
    void aSealedValueOpensOnlyWithItsKeyAtItsPlaceAndUnchanged() {
        byte[] k = new byte[32];
        k[5] = 9;
        ClusterKey key = ClusterKey.of(k);
        byte[] secret = "salt".getBytes(StandardCharsets.US_ASCII);
        String sealed = key.seal(secret, "ring/a");
        assertThat(key.seal(secret, "ring/a")).as("a fresh nonce each time").isNotEqualTo(sealed);
        assertThat(key.open(sealed, "ring/a")).isEqualTo(secret);
        assertThatThrownBy(() -> key.open(sealed, "ring/b")).isInstanceOf(ClusterKey.WrongKeyException.class);
        assertThatThrownBy(() -> ClusterKey.of(new byte[32]).open(sealed, "ring/a")).isInstanceOf(ClusterKey.WrongKeyException.class);
        byte[] changed = Base64.getDecoder().decode(sealed);
        changed[changed.length - 1] ^= 1;
        assertThatThrownBy(() -> key.open(Base64.getEncoder().encodeToString(changed), "ring/a"))
                .isInstanceOf(ClusterKey.WrongKeyException.class);
        assertThatThrownBy(() -> key.open("not base64!", "ring/a")).isInstanceOf(ClusterKey.WrongKeyException.class);
        assertThatThrownBy(() -> key.open("AAAA", "ring/a")).isInstanceOf(ClusterKey.WrongKeyException.class);
        assertThat(key.toString()).doesNotContain("9");
    }

    @Test
    void theKeyFileHoldsThirtyTwoBytesInBase64(@TempDir Path dir) throws Exception {
        Path good = dir.resolve("good");
        byte[] bytes = new byte[32];
        bytes[0] = 3;
        Files.writeString(good, Base64.getEncoder().encodeToString(bytes) + "\n");
        String sealed = ClusterKey.read(good).seal(new byte[] {1}, "x");
        assertThat(ClusterKey.of(bytes).open(sealed, "x")).containsExactly(1);

        Path shortKey = dir.resolve("short");
        Files.writeString(shortKey, Base64.getEncoder().encodeToString(new byte[16]));
        assertThatThrownBy(() -> ClusterKey.read(shortKey)).hasMessageContaining("32 random bytes")
                .hasMessageContaining("head -c 32 /dev/urandom | base64");
        Path text = dir.resolve("text");
        Files.writeString(text, "password123");
        assertThatThrownBy(() -> ClusterKey.read(text)).hasMessageContaining("32 random bytes");
        assertThatThrownBy(() -> ClusterKey.read(dir.resolve("missing"))).hasMessageContaining("cannot read");
    }
}
