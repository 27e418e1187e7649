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

    /** At least 10 000 lines, created from now on, 90 000 a second. */
    void write(Path file, int count) throws IOException {
        count = Math.max(count, 10_000);
        long start = System.currentTimeMillis() / 1000;
        // more per created-second than any harness sends a second, so no line is sent before its second has come:
        // a call created ahead of the server's clock costs it a record of its nonce and a database row (NoncesAhead),
        // work no client signing at "now" makes it do, and on B's side alone (audit 51 L9); under the nonce store's
        // per-second cap (noncesPerSecondMax, 100 000), and a file sent more slowly falls behind the clock, well
        // inside the skew window (30 s) for the phases the harnesses run
        int perSecond = 90_000;
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
