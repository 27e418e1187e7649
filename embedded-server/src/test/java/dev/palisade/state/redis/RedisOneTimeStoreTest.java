package dev.palisade.state.redis;

import dev.palisade.engine.state.AttachmentCodec;
import dev.palisade.engine.state.OneTimeStore;
import dev.palisade.engine.state.OneTimeStoreContract;
import org.junit.jupiter.api.Test;


import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The one-time store contract against a real redis-server, and what only a shared store must do. */
class RedisOneTimeStoreTest extends OneTimeStoreContract {

    private static final AttachmentCodec<String> TEXT = new AttachmentCodec<>() {
        @Override
        public String encode(String a) { return a; }

        @Override
        public String decode(String text) { return text; }
    };

    @org.junit.jupiter.api.extension.RegisterExtension
    static final TwoNodes NODES = new TwoNodes();



    @Override
    protected OneTimeStore<String> store(int capacity, int share) {
        NODES.flush();
        return NODES.nodeA().oneTime("test", capacity, share, TEXT);
    }

    @Test
    void aValueMintedOnOneNodeIsTakenOnceOnAnyNode() {
        OneTimeStore<String> a = store(10, 2);
        OneTimeStore<String> b = NODES.nodeB().oneTime("test", 10, 2, TEXT);
        String v = a.mint("10.0.0.1", 1_000, 30_000, "line one\nline two");
        assertThat(b.peek(v).attachment()).as("an attachment of several lines survives").isEqualTo("line one\nline two");
        assertThat(b.take(v).owner()).isEqualTo("10.0.0.1");
        assertThat(a.take(v)).as("taken on B: gone on A").isNull();
        a.mint("10.0.0.1", 1_000, 30_000, "x");
        b.mint("10.0.0.1", 1_000, 30_000, "y");
        assertThatThrownBy(() -> a.mint("10.0.0.1", 1_000, 30_000, "z")).as("the owner's share is the cluster's")
                .isInstanceOf(OneTimeStore.RefusedException.class);
    }

    @Test
    void kindsNeverShareValues() {
        OneTimeStore<String> pages = store(10, 10);
        OneTimeStore<String> tickets = NODES.nodeA().oneTime("ticket", 10, 10, TEXT);
        String v = pages.mint("a", 0, 30_000, "page");
        assertThat(tickets.take(v)).isNull();
        assertThat(pages.take(v)).isNotNull();
    }

    @Test
    void theMaintenanceSweepDropsLapsedValuesAndGivesOwnersTheirShareBack() {
        OneTimeStore<String> s = store(10, 1);
        String old = s.mint("a", 0, 30_000, "old");
        String young = s.mint("b", 20_000, 30_000, "young");
        s.sweep(40_000);
        assertThat(s.peek(old)).isNull();
        assertThat(s.peek(young)).isNotNull();
        assertThat(s.size()).isEqualTo(1);
        assertThat(s.mint("a", 40_000, 30_000, "again")).as("a's share is back").isNotNull();
    }

    /* Session 54: page nonces and tickets were Redis's hash fields as issued; a reader of Redis could bootstrap with them. */
    @Test
    void redisHoldsNoValueThatRedeemsOne() throws Exception {
        OneTimeStore<String> s = store(10, 10);
        String v = s.mint("10.0.0.1", 1_000, 30_000, "ticket");
        String values = "palisade:once:{test}:values";
        assertThat(NODES.redis().commandArgs("HEXISTS", values, v)).isEqualTo(":0");
        assertThat(NODES.redis().commandArgs("ZSCORE", "palisade:once:{test}:issued", v)).isNull();
        String kept = NODES.redis().commandArgs("HRANDFIELD", values);
        assertThat(kept).isNotNull().isNotEqualTo(v);
        assertThat(s.peek(kept)).as("what Redis holds, sent as a value").isNull();
        assertThat(s.take(kept)).isNull();
        assertThat(s.take(v).attachment()).isEqualTo("ticket");
    }
}
