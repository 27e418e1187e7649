package dev.palisade.state.redis;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;


/**
 * A real redis-server for a test class and two nodes' connections to it ({@code @RegisterExtension static}):
 * what one node writes, the other must see.
 */
public final class TwoNodes implements BeforeAllCallback, AfterAllCallback {

    private RedisServer redis;
    private RedisHotState a;
    private RedisHotState b;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        redis = RedisServer.startInScratch();
        a = RedisHotState.connect(redis.uri(), null, null);
        b = RedisHotState.connect(redis.uri(), null, null);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (a != null) a.close();
        if (b != null) b.close();
        if (redis != null) redis.close();
    }

    public RedisServer redis() { return redis; }

    public RedisHotState nodeA() { return a; }

    public RedisHotState nodeB() { return b; }

    /** Empties Redis: each test starts from nothing. */
    public void flush() {
        try {
            String reply = redis.command("FLUSHALL");
            if (!reply.equals("+OK")) throw new IllegalStateException("FLUSHALL answered " + reply);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
