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

    /** A logged-in bench session: its bearer token, id and signing key. */
    record Login(String token, String sessionId, byte[] key) {}

    private final List<Login> logins;
    private final String authority;
    private long nonce;

    SignedRequests(List<Login> logins, String authority) {
        this.logins = logins;
        this.authority = authority;
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
                Login l = logins.get(i % logins.size());
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
