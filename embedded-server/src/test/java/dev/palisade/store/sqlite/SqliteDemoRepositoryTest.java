package dev.palisade.store.sqlite;

import dev.palisade.demo.DemoRepository;
import dev.palisade.demo.DemoRepositoryContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The demo data in one node's SQLite file. */
class SqliteDemoRepositoryTest extends DemoRepositoryContract {

    @TempDir
    Path dir;
    private SqliteStore store;

    @Override
    protected DemoRepository repository(boolean other) {
        if (store == null) store = SqliteStore.open(dir);
        return new SqliteDemoRepository(store);
    }

    @AfterEach
    void close() {
        if (store != null) store.close();
    }
}
