package dev.palisade.state.redis;

import dev.palisade.demo.DemoRepository;
import dev.palisade.demo.DemoRepositoryContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The demo data in a real redis-server, written through one node and read through another. */
class RedisDemoRepositoryTest extends DemoRepositoryContract {

    @RegisterExtension
    static final TwoNodes NODES = new TwoNodes();

    @Override
    protected DemoRepository repository(boolean other) {
        return other ? NODES.nodeB().demo() : NODES.nodeA().demo();
    }

    @AfterEach
    void emptyRedis() {
        NODES.flush();
    }
}
