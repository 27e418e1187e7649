package dev.palisade.engine;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** Base of the engine tests: a real engine on its own SQLite file with a fixed clock, per test. */
public abstract class EngineTestBase {

    @TempDir
    protected Path dir;
    protected EngineFixture f;

    @BeforeEach
    void startEngine() {
        f = new EngineFixture(dir);
    }

    @AfterEach
    void stopEngine() {
        f.close();
    }
}
