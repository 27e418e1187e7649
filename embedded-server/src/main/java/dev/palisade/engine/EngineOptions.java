package dev.palisade.engine;

import dev.palisade.engine.auth.PasswordHasher;

/**
 * Start-up choices that are not live settings.
 *
 * @param passwordIterations PBKDF2 work factor for new password hashes
 * @param eventQueueCapacity events that may wait for the writer before new ones are dropped
 * @param bootstrapCapacity  outstanding page nonces (and, separately, tickets) at most
 * @param issuer             the JWT {@code iss}
 * @param audience           the JWT {@code aud}
 * @param recentCalls        allowed calls kept in memory (about 33 bytes each)
 * @param demoApi            whether the API protected is the built-in demo API, whose sequence rule
 *                           (an order needs a look at the cart) is then among the default rules
 */
public record EngineOptions(int passwordIterations, int eventQueueCapacity, int bootstrapCapacity,
                            String issuer, String audience, int recentCalls, boolean demoApi) {

    public static final int DEFAULT_RECENT_CALLS = 1 << 20;

    public static EngineOptions defaults() {
        return new EngineOptions(PasswordHasher.DEFAULT_ITERATIONS, 65_536, 100_000, "palisade", "palisade-api",
                DEFAULT_RECENT_CALLS, true);
    }

    public EngineOptions withPasswordIterations(int iterations) {
        return new EngineOptions(iterations, eventQueueCapacity, bootstrapCapacity, issuer, audience, recentCalls, demoApi);
    }

    public EngineOptions withEventQueueCapacity(int capacity) {
        return new EngineOptions(passwordIterations, capacity, bootstrapCapacity, issuer, audience, recentCalls, demoApi);
    }

    public EngineOptions withBootstrapCapacity(int capacity) {
        return new EngineOptions(passwordIterations, eventQueueCapacity, capacity, issuer, audience, recentCalls, demoApi);
    }

    public EngineOptions withRecentCalls(int calls) {
        return new EngineOptions(passwordIterations, eventQueueCapacity, bootstrapCapacity, issuer, audience, calls, demoApi);
    }

    /** For the user's own API (behind {@code --upstream} or a gateway): no rule of the demo's by default. */
    public EngineOptions withoutDemoApi() {
        return new EngineOptions(passwordIterations, eventQueueCapacity, bootstrapCapacity, issuer, audience, recentCalls, false);
    }
}
