package dev.palisade.http;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** Base of the HTTP tests: a fresh real server on free ports and its own data directory per test. */
public abstract class ServerTest {

    @TempDir
    protected Path dir;
    protected ServerFixture s;

    @BeforeEach
    void startServer() {
        s = newServer(dir);
    }

    @AfterEach
    void stopServer() {
        s.close();
    }

    /** The server to test against; tests that need another clock override this. */
    protected ServerFixture newServer(Path dataDir) {
        return new ServerFixture(dataDir);
    }
}
