package dev.palisade.engine;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;

/**
 * A store port whose listing, once {@link #overtake armed}, is read and then held while the test makes a change of
 * its own: a cluster's reload that this node's change overtook, which then puts in what it read before the change.
 * The second listing, and every other call, goes straight to the store.
 *
 * @param <S> the port the reloaded cache reads (BlacklistStore, ApiKeyStore, …)
 */
public final class OvertakenListing<S> {

    private final String listing;
    private final String write;
    private final S store;
    private volatile CountDownLatch read = new CountDownLatch(1);
    private volatile CountDownLatch release = new CountDownLatch(1);
    private volatile CountDownLatch written = new CountDownLatch(1);
    private volatile boolean armed;

    /**
     * @param listing the port's method a reload lists with ({@code listBlacklist})
     * @param write   the method the change writes with ({@code insertBlacklist})
     */
    public OvertakenListing(Class<S> port, S real, String listing, String write) {
        this.listing = listing;
        this.write = write;
        this.store = port.cast(Proxy.newProxyInstance(port.getClassLoader(), new Class<?>[] {port}, (proxy, method, args) -> {
            Object answer;
            try {
                answer = method.invoke(real, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            if (method.getName().equals(this.listing) && armed) {
                armed = false;
                read.countDown();
                if (!release.await(10, TimeUnit.SECONDS)) throw new AssertionError("the listing was never let go");
            }
            if (method.getName().equals(this.write)) written.countDown();
            return answer;
        }));
    }

    /** The port to give the cache. */
    public S store() { return store; }

    /**
     * Runs {@code reload} on a thread of its own; once it has read the listing, runs {@code change} on another; once
     * the change is written, or waits for the reload, lets the listing answer with what it read before.
     * Rethrows what either threw.
     */
    public void overtake(Runnable reload, Runnable change) throws Exception {
        read = new CountDownLatch(1);
        release = new CountDownLatch(1);
        written = new CountDownLatch(1);
        armed = true;
        FutureTask<Void> reloading = new FutureTask<>(reload, null);
        new Thread(reloading, "reload").start();
        if (!read.await(10, TimeUnit.SECONDS)) throw new AssertionError("the reload never listed");
        FutureTask<Void> changing = new FutureTask<>(change, null);
        Thread changer = new Thread(changing, "change");
        changer.start();
        while (written.getCount() > 0 && changer.getState() != Thread.State.BLOCKED && !changing.isDone()) {
            Thread.sleep(1);
        }
        release.countDown();
        reloading.get(10, TimeUnit.SECONDS);
        changing.get(10, TimeUnit.SECONDS);
    }
}
