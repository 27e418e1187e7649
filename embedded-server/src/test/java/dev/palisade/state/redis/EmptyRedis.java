package dev.palisade.state.redis;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;


/** A real redis-server for a test class ({@code @RegisterExtension static}), emptied before each test. */
public final class EmptyRedis implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {

    private RedisServer redis;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        redis = RedisServer.startInScratch();
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        String reply = redis.command("FLUSHALL");
        if (!reply.equals("+OK")) throw new IllegalStateException("FLUSHALL answered " + reply);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (redis != null) redis.close();
    }

    public RedisServer server() { return redis; }

    /** A new connection to it, as a node opens one. */
    public RedisLink link() { return RedisLink.open(io.lettuce.core.RedisURI.create(redis.uri().toString())); }
}
