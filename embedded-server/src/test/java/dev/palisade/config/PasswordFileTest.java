package dev.palisade.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A password file is its first line, trimmed, from a regular file of at most 64 KiB. */
class PasswordFileTest {

    @TempDir
    Path dir;

    @Test
    void itIsTheFirstLineWithoutTheSpacesAroundIt() throws IOException {
        assertThat(PasswordFile.firstLine(Files.writeString(dir.resolve("a"), "  a long password \nsecond\n"))).isEqualTo("a long password");
        assertThat(PasswordFile.firstLine(Files.writeString(dir.resolve("b"), "no newline"))).isEqualTo("no newline");
        assertThat(PasswordFile.firstLine(Files.writeString(dir.resolve("c"), "\nsecond"))).as("an empty first line").isEmpty();
    }

    @Test
    void aFileOfAtMost64KiBIsReadAndALargerOneRefused() throws IOException {
        Path largest = Files.writeString(dir.resolve("largest"), "x".repeat(PasswordFile.MAX_BYTES));
        assertThat(PasswordFile.firstLine(largest)).hasSize(PasswordFile.MAX_BYTES);
        Path over = Files.writeString(dir.resolve("over"), "x".repeat(PasswordFile.MAX_BYTES + 1));
        assertThatThrownBy(() -> PasswordFile.firstLine(over)).hasMessageContaining("not a password file");
        assertThatThrownBy(() -> PasswordFile.firstLine(dir.resolve("missing"))).hasMessage("no such file");
        assertThatThrownBy(() -> PasswordFile.firstLine(dir)).hasMessage("not a regular file");
    }
}
