package dev.palisade;

import dev.palisade.engine.EngineFixture;
import dev.palisade.engine.MemoryHotState;
import dev.palisade.engine.state.AttachmentCodec;
import dev.palisade.engine.state.CallMarks;
import dev.palisade.engine.state.HotState;
import dev.palisade.engine.state.LoginFailures;
import dev.palisade.engine.state.NonceStore;
import dev.palisade.engine.state.OneTimeStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.IntSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/** This node's own row of the cluster, as {@code GET /admin/cluster} shows it. */
class NodeHeartbeatTest {

    @TempDir
    Path dir;

    /*
     * Session 48's review: GET /admin/cluster puts other nodes' starts on this node's clock by the offset this
     * node's own beat carries, and that beat carried none: the fix was tested on a row made by hand only.
     */
    @Test
    void aNodesOwnBeatCarriesTheClockOffsetItMeasuredLast() {
        try (EngineFixture f = new EngineFixture(dir)) {
            NodeHeartbeat heartbeat = new NodeHeartbeat(f.engine, new FourSecondsBehind(), "127.0.0.1:6379/0",
                    () -> URI.create("http://127.0.0.1:8080"), () -> URI.create("http://127.0.0.1:8081"), f.clock);
            try {
                assertThat(heartbeat.self().clockOffsetMillis()).isEqualTo(4_000);
            } finally {
                heartbeat.close();
            }
        }
    }

    /** A cluster's hot state whose clock reading found this node 4 s behind the cluster's. */
    private static final class FourSecondsBehind implements HotState {
        private final MemoryHotState memory = new MemoryHotState();

        @Override public NonceStore nonces(IntSupplier perSecond, IntSupplier perSession) { return memory.nonces(perSecond, perSession); }
        @Override public <A> OneTimeStore<A> oneTime(String kind, int capacity, int ownerShare, AttachmentCodec<A> codec) {
            return memory.oneTime(kind, capacity, ownerShare, codec);
        }
        @Override public boolean shared() { return true; }
        @Override public String problem() { return null; }
        @Override public void watch(Consumer<String> listener) { }
        @Override public LoginFailures loginFailures() { return memory.loginFailures(); }
        @Override public CallMarks callMarks() { return memory.callMarks(); }
        @Override public String node() { return "n1"; }
        @Override public long clockOffsetMillis() { return 4_000; }
        @Override public void close() { memory.close(); }
    }
}
