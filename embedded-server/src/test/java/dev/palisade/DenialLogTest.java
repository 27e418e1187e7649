package dev.palisade;

import dev.palisade.engine.event.Event;
import dev.palisade.engine.event.EventType;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class DenialLogTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final DenialLog log = DenialLog.manual(new PrintStream(bytes, true, StandardCharsets.UTF_8), now::get);

    private static Event event(EventType type, String code, int status, String path, String ip) {
        return new Event(1, 0, type, code, "credentials", "", "", ip, "GET", path, status, 0, "");
    }

    private String printed() { return bytes.toString(StandardCharsets.UTF_8); }

    @Test
    void aDenialIsOneLineAndAnAllowedCallNone() {
        log.accept(event(EventType.DECISION, "allowed", 200, "/api/notes", "127.0.0.1"));
        log.accept(event(EventType.DECISION, "missing_credentials", 401, "/api/notes", "127.0.0.1"));
        log.accept(event(EventType.ADMIN, "user_created", 0, "", ""));
        assertThat(printed()).isEqualTo("denied 401 missing_credentials (credentials) GET /api/notes from 127.0.0.1"
                + System.lineSeparator());
    }

    @Test
    void controlCharactersAreEscapedSoALineStaysOneLine() {
        log.accept(event(EventType.AUTH, "invalid_credentials", 401, "/auth/login\r\nX-Injected: yes\u001b[31m", "10.0.0.1"));
        assertThat(printed().lines()).singleElement().satisfies(line -> assertThat(line)
                .contains("/auth/login\\u000d\\u000aX-Injected: yes\\u001b[31m").doesNotContain("\u001b"));
    }

    /** A right-to-left override in a path turned the rest of the line around: "from 10.0.0.1" read as another address. */
    @Test
    void invisibleFormattingCharactersAreEscapedToo() {
        log.accept(event(EventType.DECISION, "invalid_token", 401, "/api/\u202eevil\u2066x\u200b", "10.0.0.1"));
        assertThat(printed().lines()).singleElement().satisfies(line -> assertThat(line)
                .contains("/api/\\u202eevil\\u2066x\\u200b").doesNotContain("\u202e").doesNotContain("\u2066"));
    }

    @Test
    void atMostTenLinesASecondAndTheRestCounted() {
        for (int i = 0; i < 25; i++) log.accept(event(EventType.DECISION, "rate_limited", 429, "/api/notes", "10.0.0." + i));
        now.addAndGet(1_000);
        log.flushSuppressed(now.get());
        assertThat(printed().lines()).hasSize(11);
        assertThat(printed().lines().toList().get(10)).startsWith("… 15 more denials in that second");
        log.accept(event(EventType.DECISION, "rate_limited", 429, "/api/notes", "10.0.1.1"));
        assertThat(printed().lines()).as("a new second prints again").hasSize(12);
    }
}
