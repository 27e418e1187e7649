package dev.palisade.engine;

import dev.palisade.engine.store.Store;
import dev.palisade.engine.store.StoreException;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicReference;

/** A store whose next call of a method the test names fails, as a full disk or a Redis blip would fail it. */
public final class FailingOnce {

    private final AtomicReference<String> next = new AtomicReference<>();
    private final AtomicReference<String> replyLost = new AtomicReference<>();

    private final AtomicReference<String> thenMethod = new AtomicReference<>();
    private volatile java.util.function.Consumer<Store> then;

    /** Right after the next call of {@code method} returns, {@code then} runs on the store: another thread's write landing just then. */
    public void after(String method, java.util.function.Consumer<Store> then) {
        this.then = then;
        thenMethod.set(method);
    }

    /** The next call of {@code method} reaches the store and then throws, as when its answer is lost on the way back. */
    public void loseReply(String method) {
        replyLost.set(method);
    }

    /** The next call of {@code method} throws {@link StoreException}; the calls after it reach the store. */
    public void fail(String method) {
        next.set(method);
    }

    /** Wraps the engine's store: pass as {@code new EngineFixture(dir, failing::wrap)}. */
    public Store wrap(Store store) {
        return (Store) Proxy.newProxyInstance(Store.class.getClassLoader(), new Class<?>[] {Store.class}, (proxy, method, args) -> {
            if (next.compareAndSet(method.getName(), null)) throw new StoreException("the store failed (" + method.getName() + ")", null);
            // a default method the store does not override runs here, so the calls it makes can fail too
            if (method.isDefault() && store.getClass().getMethod(method.getName(), method.getParameterTypes()).isDefault()) {
                return java.lang.reflect.InvocationHandler.invokeDefault(proxy, method, args);
            }
            Object answer;
            try {
                answer = method.invoke(store, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            if (replyLost.compareAndSet(method.getName(), null)) throw new StoreException("the answer was lost (" + method.getName() + ")", null);
            if (thenMethod.compareAndSet(method.getName(), null)) then.accept(store);
            return answer;
        });
    }
}
