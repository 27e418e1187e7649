package dev.palisade.engine.auth;

import dev.palisade.store.sqlite.SqliteStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

import static org.assertj.core.api.Assertions.assertThat;

/** An unknown user name costs the same password work as a known one, so timing tells no one which names exist. */
class UnknownUserCostTest {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    @TempDir
    java.nio.file.Path dir;

    @Test
    void anUnknownNameCostsAsMuchCpuAsAWrongPassword() {
        SqliteStore store = SqliteStore.open(dir);
        UserDirectory users = new UserDirectory(store, new PasswordHasher(200_000));
        users.create("alice", "correct horse".toCharArray(), 0);
        for (int i = 0; i < 3; i++) { // warm the KDF's code paths
            users.authenticate("alice", "wrong".toCharArray());
            users.authenticate("nobody", "wrong".toCharArray());
        }
        long known = cpu(() -> users.authenticate("alice", "wrong password".toCharArray()));
        long unknown = cpu(() -> users.authenticate("nobody", "wrong password".toCharArray()));
        long nothing = cpu(() -> { });
        assertThat(known).as("the KDF ran for a known name").isGreaterThan(20 * Math.max(1, nothing));
        assertThat((double) unknown / known).as("unknown %d ns vs known %d ns", unknown, known).isBetween(0.5, 2.0);
        store.close();
    }

    /** CPU time of the median of five runs, in ns. */
    private static long cpu(Runnable r) {
        long[] t = new long[5];
        for (int i = 0; i < t.length; i++) {
            long t0 = THREADS.getCurrentThreadCpuTime();
            r.run();
            t[i] = THREADS.getCurrentThreadCpuTime() - t0;
        }
        java.util.Arrays.sort(t);
        return t[2];
    }
}
