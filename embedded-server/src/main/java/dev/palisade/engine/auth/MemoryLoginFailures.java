package dev.palisade.engine.auth;

import dev.palisade.engine.state.LoginFailures;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One node's {@link LoginFailures}, in memory and bounded: when {@link #MAX_TRACKED} users and client
 * kinds are counted, new ones are not (a flood of names), but those already counted keep counting.
 * The engine writes the failures and known clients that changed with its checkpoints and gives them
 * back at a restart: a restart must not give a guesser five free tries again, nor make a user's own
 * browser a stranger that waits with the guessers.
 */
public final class MemoryLoginFailures implements LoginFailures {

    static final int MAX_TRACKED = 100_000;

    private final ConcurrentHashMap<String, Failures> failures = new ConcurrentHashMap<>();
    /** Keys whose failures changed since they were last written. */
    private final java.util.Set<String> changed = ConcurrentHashMap.newKeySet();
    private final ConcurrentHashMap<String, Deque<String>> knownClients = new ConcurrentHashMap<>();
    /** Users whose known clients changed since they were last written. */
    private final java.util.Set<String> changedKnown = ConcurrentHashMap.newKeySet();
    /** Attempts in flight per user and client kind: attempt id → when it began; an entry goes with its last attempt. */
    private final ConcurrentHashMap<String, java.util.LinkedHashMap<String, Long>> inFlight = new ConcurrentHashMap<>();
    private long attempts;

    @Override
    public Failures get(String user, String client) {
        return failures.get(key(user, client));
    }

    @Override
    public synchronized Begun begin(String user, String client, long now) {
        String key = key(user, client);
        java.util.LinkedHashMap<String, Long> mine = inFlight.computeIfAbsent(key, k -> new java.util.LinkedHashMap<>());
        mine.values().removeIf(began -> now - began >= IN_FLIGHT_MILLIS);
        int before = mine.size();
        String attempt = Long.toString(++attempts);
        mine.put(attempt, now);
        return new Begun(failures.get(key), before, attempt);
    }

    @Override
    public synchronized void ended(String user, String client, String attempt) {
        inFlight.computeIfPresent(key(user, client), (k, mine) -> {
            mine.remove(attempt);
            return mine.isEmpty() ? null : mine;
        });
    }

    @Override
    public void failed(String user, String client, long now, long windowMillis) {
        String key = key(user, client);
        if (failures.size() >= MAX_TRACKED) sweep(now, windowMillis);
        if (failures.size() >= MAX_TRACKED && !failures.containsKey(key)) return;
        failures.compute(key, (k, f) -> f == null || now - f.last() >= windowMillis
                ? new Failures(1, now, now) : new Failures(f.count() + 1, f.first(), now));
        changed.add(key);
    }

    @Override
    public void clear(String user, String client) {
        String key = key(user, client);
        if (failures.remove(key) != null) changed.add(key);
    }

    @Override
    public Map<String, Failures> of(String user) {
        String prefix = user + "\n";
        Map<String, Failures> mine = new HashMap<>();
        failures.forEach((k, f) -> {
            if (k.startsWith(prefix)) mine.put(k.substring(prefix.length()), f);
        });
        return mine;
    }

    @Override
    public int clearUser(String user) {
        String prefix = user + "\n";
        int[] removed = {0};
        failures.keySet().removeIf(k -> {
            boolean mine = k.startsWith(prefix);
            if (mine) {
                removed[0]++;
                changed.add(k);
            }
            return mine;
        });
        synchronized (this) {
            inFlight.keySet().removeIf(k -> k.startsWith(prefix));
        }
        return removed[0];
    }

    @Override
    public void sweep(long now, long windowMillis) {
        failures.entrySet().removeIf(e -> {
            boolean over = now - e.getValue().last() >= windowMillis;
            if (over) changed.add(e.getKey());
            return over;
        });
    }

    @Override
    public java.util.List<Kept> takeChanged() {
        java.util.List<Kept> out = new java.util.ArrayList<>();
        for (String key : changed) {
            changed.remove(key); // before reading: a failure counted meanwhile marks it changed again
            int cut = key.indexOf('\n');
            out.add(new Kept(key.substring(0, cut), key.substring(cut + 1), failures.get(key)));
        }
        return out;
    }

    @Override
    public void changedAgain(java.util.List<Kept> kept) {
        for (Kept k : kept) changed.add(key(k.user(), k.client()));
    }

    @Override
    public void restore(java.util.List<Kept> kept) {
        for (Kept k : kept) {
            if (k.failures() != null) failures.putIfAbsent(key(k.user(), k.client()), k.failures());
        }
    }

    @Override
    public synchronized void remember(String user, String client, int keep) {
        Deque<String> d = knownClients.computeIfAbsent(user, k -> new ArrayDeque<>());
        d.remove(client);
        d.addFirst(client);
        while (d.size() > keep) d.removeLast();
        changedKnown.add(user);
    }

    @Override
    public synchronized void forgetKnown(String user) {
        if (knownClients.remove(user) != null) changedKnown.add(user);
    }

    @Override
    public synchronized java.util.List<Known> takeChangedKnown() {
        java.util.List<Known> out = new java.util.ArrayList<>(changedKnown.size());
        for (String user : changedKnown) {
            Deque<String> clients = knownClients.get(user);
            out.add(new Known(user, clients == null ? java.util.List.of() : java.util.List.copyOf(clients)));
        }
        changedKnown.clear();
        return out;
    }

    @Override
    public void knownAgain(java.util.List<Known> known) {
        for (Known k : known) changedKnown.add(k.user());
    }

    @Override
    public synchronized void restoreKnown(java.util.List<Known> known) {
        for (Known k : known) {
            Deque<String> d = knownClients.computeIfAbsent(k.user(), u -> new ArrayDeque<>());
            for (String client : k.clients()) {
                if (d.size() >= LoginThrottle.KNOWN_CLIENTS) break;
                if (!d.contains(client)) d.addLast(client);
            }
        }
    }

    @Override
    public boolean knows(String user, String client) {
        Deque<String> known = knownClients.get(user);
        if (known == null) return false;
        synchronized (this) {
            return known.contains(client);
        }
    }

    private static String key(String user, String client) { return user + "\n" + client; }
}
