package dev.palisade.engine;

import dev.palisade.engine.bootstrap.MemoryOneTimeStore;
import dev.palisade.engine.signature.MemoryNonceStore;
import dev.palisade.engine.state.AttachmentCodec;
import dev.palisade.engine.state.HotState;
import dev.palisade.engine.state.LoginFailures;
import dev.palisade.engine.state.NonceStore;
import dev.palisade.engine.state.OneTimeStore;

import java.util.function.Consumer;
import java.util.function.IntSupplier;

/** One node's hot state, in its own memory: the default without {@code --cluster}. */
public final class MemoryHotState implements HotState {

    private final dev.palisade.engine.state.CallMarks marks = new dev.palisade.engine.state.MemoryCallMarks();

    @Override
    public NonceStore nonces(IntSupplier perSecond, IntSupplier perSession) {
        return new MemoryNonceStore(perSecond, perSession);
    }

    @Override
    public <A> OneTimeStore<A> oneTime(String kind, int capacity, int ownerShare, AttachmentCodec<A> codec) {
        return new MemoryOneTimeStore<>(capacity, ownerShare);
    }

    @Override
    public LoginFailures loginFailures() { return new dev.palisade.engine.auth.MemoryLoginFailures(); }

    @Override
    public boolean shared() { return false; }

    @Override
    public dev.palisade.engine.state.CallMarks callMarks() { return marks; }

    @Override
    public String problem() { return null; }

    @Override
    public void watch(Consumer<String> listener) {
        // memory is always there
    }

    @Override
    public void close() {
        // nothing held outside the heap
    }
}
