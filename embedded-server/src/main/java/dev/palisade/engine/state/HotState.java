package dev.palisade.engine.state;

import java.util.function.Consumer;
import java.util.function.IntSupplier;

/**
 * Where the hot state lives (STYLE 12): in this process for one node, in a shared store for a
 * cluster. The engine asks it for each store once, at start. A shared implementation throws
 * {@link StateUnavailableException} from any store call it cannot complete.
 */
public interface HotState extends AutoCloseable {

    /**
     * @param perSecond  nonces one second of {@code created} time may hold
     * @param perSession nonces one session may hold in one second
     */
    NonceStore nonces(IntSupplier perSecond, IntSupplier perSession);

    /**
     * @param kind       what the values are ("page", "ticket"): stores of different kinds never share values
     * @param capacity   live values at most
     * @param ownerShare live values one owner may hold at most
     * @param codec      writes the attachment as text for a store outside the process
     */
    <A> OneTimeStore<A> oneTime(String kind, int capacity, int ownerShare, AttachmentCodec<A> codec);

    /** True when the state is shared with other nodes. */
    boolean shared();

    /** What is wrong with the store, asked now; null when it answers (always null in memory). */
    String problem();

    /**
     * Tells {@code listener} each time the store becomes unreachable (a sentence) or reachable again
     * (null). In memory it never does.
     */
    void watch(Consumer<String> listener);

    /**
     * Whether this node failed to reach the shared state since it last read every change made through
     * other nodes: it may hold a session, a key or a token revoked elsewhere meanwhile. Never in memory.
     */
    default boolean catchingUp() { return false; }

    /** Failed logins and the clients users logged in from (the login throttle's memory). */
    LoginFailures loginFailures();

    /** The auto-block's refusals per address counted by every node together; null for a single node. */
    default DenialCounts denialCounts() {
        return null;
    }

    /**
     * The nonce and the rate windows decided in one round trip (limits as for {@link #nonces}); null for a
     * single node.
     */
    default NonceAndRates nonceAndRates(IntSupplier perSecond, IntSupplier perSession) {
        return null;
    }

    /** Rate windows counted by every node together; null for a single node (its own limiter is the whole count). */
    default SharedRates rates() {
        return null;
    }

    /**
     * Records this node's heartbeat for the others (nothing to do alone).
     *
     * @return the beat it replaced under the same id (this node's last, unless another process beats as
     *         this node); null if none
     */
    default NodeBeat beat(NodeBeat beat) {
        return null;
    }

    /** The sequence rules' calls seen by every node; a single node's own. */
    CallMarks callMarks();

    /** Calls per second counted by every node together; null for a single node (its own counts are the whole). */
    default SharedTraffic traffic() {
        return null;
    }

    /** The proof of work's record of callers, counted by every node; null for a single node (its own record is whole). */
    default CallerCounts callerCounts() {
        return null;
    }

    /** This node's id among the cluster's nodes; empty for a single node. */
    default String node() {
        return "";
    }

    /** Carries events between the nodes; null for a single node. */
    default EventExchange events() {
        return null;
    }

    /** How far the cluster's clock is ahead of this node's, as last measured; 0 for a single node. */
    default long clockOffsetMillis() {
        return 0;
    }

    /** The nodes that beat lately, this one included; empty for a single node. */
    default java.util.List<NodeBeat> members() {
        return java.util.List.of();
    }

    @Override
    void close();
}
