package dev.palisade.engine;

import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A value of each thread's own, as a {@link ThreadLocal} keeps one, but every {@code PerThread} of a
 * thread sits in one array reached through one {@code ThreadLocal}. A decision reaches nine scratch
 * buffers; as nine {@code ThreadLocal}s that was nine lookups in the thread's map, each landing on an
 * entry object of its own elsewhere in the heap, which a server's work between two decisions evicts
 * from the processor's caches (BENCHMARKS.md, section 2p). Here it is one lookup, one entry and one
 * array; the buffers themselves are objects of their own as before.
 *
 * <p>For {@code static final} fields only: an index is never given back, and a thread holds its
 * values for its whole life, so a {@code PerThread} made per instance would grow every thread's array.
 */
public final class PerThread<T> {

    private static final ThreadLocal<Object[]> VALUES = ThreadLocal.withInitial(() -> new Object[16]);
    private static final AtomicInteger INDICES = new AtomicInteger();

    private final int index = INDICES.getAndIncrement();
    private final Supplier<? extends T> initial;

    private PerThread(Supplier<? extends T> initial) {
        this.initial = initial;
    }

    /** Like {@link ThreadLocal#withInitial}: {@code initial} makes a thread's value on its first {@link #get}. */
    public static <T> PerThread<T> withInitial(Supplier<? extends T> initial) {
        return new PerThread<>(initial);
    }

    @SuppressWarnings("unchecked") // only withInitial's supplier of T ever fills this index
    public T get() {
        Object[] values = VALUES.get();
        if (index < values.length && values[index] != null) return (T) values[index];
        T value = Objects.requireNonNull(initial.get(), "a PerThread's initial value");
        values = VALUES.get(); // initial may have made other values, and grown the array
        if (index >= values.length) {
            values = Arrays.copyOf(values, Math.max(index + 1, values.length * 2));
            VALUES.set(values);
        }
        values[index] = value;
        return value;
    }
}
