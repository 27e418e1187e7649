package dev.palisade.engine.bootstrap;

import dev.palisade.engine.state.OneTimeStore;
import dev.palisade.engine.state.OneTimeStoreContract;

class MemoryOneTimeStoreTest extends OneTimeStoreContract {

    @Override
    protected OneTimeStore<String> store(int capacity, int share) {
        return new MemoryOneTimeStore<>(capacity, share);
    }
}
