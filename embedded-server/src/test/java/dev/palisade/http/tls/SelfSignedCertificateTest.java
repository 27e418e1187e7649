package dev.palisade.http.tls;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/** The development certificate kept in the data directory: reused only while its two files still make a pair. */
class SelfSignedCertificateTest {

    /**
     * A key from another pair beside the certificate (a crash between the two files' writes, a key
     * restored from a backup) was reused, and the server refused to start until someone deleted them.
     */
    @Test
    void aCertificateAndAKeyOfTwoPairsAreMadeAgain(@TempDir Path data, @TempDir Path other) throws Exception {
        SelfSignedCertificate.Made first = SelfSignedCertificate.forNames(data, List.of("localhost"), Instant.now());
        SelfSignedCertificate.Made stranger = SelfSignedCertificate.forNames(other, List.of("localhost"), Instant.now());
        Files.copy(stranger.key(), first.key(), StandardCopyOption.REPLACE_EXISTING);

        SelfSignedCertificate.Made again = SelfSignedCertificate.forNames(data, List.of("localhost"), Instant.now());
        assertThat(again.fresh()).as("halves of two pairs: made again").isTrue();
        assertThatCode(() -> PemKeys.keyStore(again.cert(), again.key())).as("and they make a pair").doesNotThrowAnyException();
        assertThat(SelfSignedCertificate.forNames(data, List.of("localhost"), Instant.now()).fresh())
                .as("a pair is kept").isFalse();
        try (var left = Files.list(data.resolve("tls"))) {
            assertThat(left.map(p -> p.getFileName().toString())).as("nothing half-written is left beside them")
                    .containsExactlyInAnyOrder("self-signed.crt", "self-signed.key");
        }
    }
}
