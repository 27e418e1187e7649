package dev.palisade.state.redis;

import dev.palisade.engine.state.AttachmentCodec;
import dev.palisade.engine.state.HotState;
import dev.palisade.engine.state.NonceStore;
import dev.palisade.engine.state.OneTimeStore;
import io.lettuce.core.RedisURI;

import java.util.function.Consumer;
import java.util.function.IntSupplier;

/**
 * A cluster's hot state in Redis ({@code --cluster redis://…}): nonces and one-time values that every
 * node sees at once. Valkey-compatible commands and Lua only.
 */
public final class RedisHotState implements HotState {

    private final RedisLink link;
    private final Heartbeats heartbeats;
    private final RedisRates rates;

    private RedisHotState(RedisLink link) {
        this.link = link;
        this.heartbeats = new Heartbeats(link);
        this.rates = new RedisRates(link);
    }

    @Override
    public void beat(dev.palisade.engine.state.NodeBeat beat) { heartbeats.beat(beat); }

    @Override
    public dev.palisade.engine.state.SharedRates rates() { return rates; }

    @Override
    public dev.palisade.engine.state.NonceAndRates nonceAndRates(IntSupplier perSecond, IntSupplier perSession) {
        return new RedisNonceAndRates(link, perSecond, perSession);
    }

    @Override
    public dev.palisade.engine.state.LoginFailures loginFailures() { return new RedisLoginFailures(link); }

    @Override
    public dev.palisade.engine.state.DenialCounts denialCounts() { return new RedisDenialCounts(link); }

    @Override
    public java.util.List<dev.palisade.engine.state.NodeBeat> members() { return heartbeats.members(); }

    /**
     * Connects to Redis now.
     *
     * @param uri      {@code redis://host:port/db} or {@code rediss://…} (TLS)
     * @param username an ACL user, or null for {@code default}
     * @param password null when Redis asks for none
     * @throws dev.palisade.engine.state.StateUnavailableException when it cannot be reached or refuses us
     */
    public static RedisHotState connect(java.net.URI uri, String username, char[] password) {
        RedisURI redis = RedisURI.create(uri);
        if (password != null) {
            if (username != null) redis.setAuthentication(username, password);
            else redis.setAuthentication(password);
        }
        return new RedisHotState(RedisLink.open(redis));
    }

    @Override
    public NonceStore nonces(IntSupplier perSecond, IntSupplier perSession) {
        return new RedisNonceStore(link, perSecond, perSession);
    }

    @Override
    public <A> OneTimeStore<A> oneTime(String kind, int capacity, int ownerShare, AttachmentCodec<A> codec) {
        return new RedisOneTimeStore<>(link, kind, capacity, ownerShare, codec);
    }

    @Override
    public boolean shared() { return true; }

    @Override
    public String problem() { return link.problem(); }

    @Override
    public void watch(Consumer<String> listener) { link.watch(listener); }

    /**
     * The node's store: what the cluster shares in this Redis, the rest in {@code local}; secrets sealed
     * with {@code key}. Its change feed starts now.
     *
     * @throws ClusterKey.WrongKeyException when the cluster's data was sealed with another key
     */
    public dev.palisade.engine.store.Store store(dev.palisade.engine.store.Store local, ClusterKey key) {
        KeyCheck.verify(link, key);
        return new ClusterStore(link, local, key, new ChangeFeed(link));
    }

    /** Where this node's state lives, for the start banner (no credentials). */
    public String where() { return "redis " + link.where(); }

    @Override
    public void close() { link.close(); }
}
