package dev.palisade.console.ui.configuration;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A form's last word: what a read that failed said is taken back once a read works; what the operator did stays. */
class FormNoteTest {

    /* A review's find: a poll that failed once (the server away a moment) left "Failed: …" in red under the form for good. */
    @Test
    void aListThatCouldNotBeReadIsSaidUntilItIsReadAgain() {
        FormNote note = new FormNote(Map.of("username", "User name"));
        note.readFailed(new IllegalStateException("cannot reach http://127.0.0.1:8081"));
        assertThat(note.text().get()).isEqualTo("Cannot read the list: cannot reach http://127.0.0.1:8081");
        assertThat(note.refused().get()).isTrue();
        note.read();
        assertThat(note.text().get()).isEmpty();
        assertThat(note.refused().get()).isFalse();

        note.done("User carol created.");
        note.read();
        assertThat(note.text().get()).as("what the operator did stays said").isEqualTo("User carol created.");
        note.failed(new IllegalStateException("no user carol"));
        note.read();
        assertThat(note.text().get()).as("a refusal stays said").isEqualTo("Failed: no user carol");
        assertThat(note.refused().get()).isTrue();
    }
}
