package dev.palisade.bench;

import dev.palisade.protocol.RequestSigner;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Writes request files for {@code signed.lua}: each line a fresh signed GET /api/notes, sessions in turn. */
final class SignedRequests {

    private final List<BenchLogins.Login> logins;
    private final String authority;
    private long nonce;

    SignedRequests(List<BenchLogins.Login> logins, String authority) {
        this.logins = logins;
        this.authority = authority;
    }

    /** Copies wrk's script that sends these lines ({@code signed.lua}) into {@code dir}. */
    static Path script(Path dir) throws IOException {
        Path script = dir.resolve("signed.lua");
        try (java.io.InputStream in = SignedRequests.class.getResourceAsStream("signed.lua")) {
            Files.copy(in, script);
        }
        return script;
    }

    /** At least 10 000 lines, created spread over the seconds ahead. */
    void write(Path file, int count) throws IOException {
        count = Math.max(count, 10_000);
        long start = System.currentTimeMillis() / 1000;
        // ~20 000 per created-second: under the nonce store's per-second cap, and never more than
        // 30 s ahead of the clock at this load (the skew window)
        int perSecond = Math.max(20_000, count / 20);
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
            for (int i = 0; i < count; i++) {
                BenchLogins.Login l = logins.get(i % logins.size());
                String authorization = "Bearer " + l.token();
                RequestSigner.Signed s = RequestSigner.sign("GET", authority, "/api/notes", null, authorization, null,
                        l.sessionId(), l.key(), start + i / perSecond, "load-" + (nonce++));
                w.write(authorization);
                w.write('\t');
                w.write(s.signatureInput());
                w.write('\t');
                w.write(s.signature());
                w.write('\n');
            }
        }
    }
}
