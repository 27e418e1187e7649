package dev.palisade.engine.blacklist;

import dev.palisade.engine.FieldError;
import dev.palisade.engine.InvalidInputException;
import dev.palisade.engine.NotFoundException;
import dev.palisade.engine.Reason;
import dev.palisade.engine.Secrets;
import dev.palisade.engine.Utf16Text;
import dev.palisade.engine.store.BlacklistStore;

import dev.palisade.engine.session.SessionIds;

import dev.palisade.engine.store.Reloaded;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Technique 7. Entries are kept in the store; matching uses a compiled snapshot (address set,
 * User-Agent patterns, session ids, token digests) that is rebuilt whole on every change and when
 * an entry expires, so a lookup takes no lock.
 */
public final class Blacklist {

    /** What a lookup found: the entry kind and the reason to show, or null for no match. */
    public record Match(EntryKind kind, String reason) {}

    /** The longest reason an entry may give. */
    public static final int REASON_MAX = 200;

    /**
     * @param screen a quick "could any agent pattern match?" so a clean User-Agent (nearly every call)
     *               costs a few substring searches, not a regex scan per pattern
     */
    private record Snapshot(AddressSet addresses, AgentScreen screen, List<Pattern> agents, List<String> agentReasons,
                            Set<String> sessions, long[] packedSessions, TokenDigests tokens, long nextExpiry) {}

    private static final System.Logger LOG = System.getLogger(Blacklist.class.getName());

    private final BlacklistStore store;
    private final AddressSet.Factory addresses;
    private final ConcurrentHashMap<String, BlacklistEntry> entries = new ConcurrentHashMap<>();
    /** Whether an expired entry may still be held: its row's delete failed, or is under way (the maintenance thread's). */
    private volatile boolean expiredHeld;
    private volatile Snapshot snapshot;
    private final Set<String> skipped = ConcurrentHashMap.newKeySet();

    public Blacklist(BlacklistStore store, AddressSet.Factory addresses, long now) {
        this.store = store;
        this.addresses = addresses;
        for (BlacklistEntry e : store.listBlacklist()) entries.put(e.id(), e);
        rebuild(now);
    }

    /**
     * Reads the entries again: another node of the cluster added or removed some. A listing that a change of this
     * node's overtook is read again, with this node's changes held off: put in as read, it took the change back (an
     * entry added was dropped, one removed came back) until the next reload (audit conc55 L3). Only then is the lock
     * held across the store's round trip, which an auto-block on the request path would wait on.
     */
    public void reload(long now) {
        long seen;
        synchronized (this) {
            seen = ownChanges;
        }
        List<BlacklistEntry> listed = store.listBlacklist();
        synchronized (this) {
            if (ownChanges != seen) listed = store.listBlacklist();
            Reloaded.refill(entries, listed, BlacklistEntry::id);
            rebuild(now);
        }
    }

    /** The changes this node made to {@link #entries}, counted under this object's lock as each is put in. */
    private long ownChanges;

    /** Address or User-Agent on the list; cheap enough to run first on every request. */
    public Match matchClient(String ip, String userAgent) {
        Snapshot s = snapshot;
        if (ip != null && !ip.isEmpty() && s.addresses.contains(ip)) return new Match(EntryKind.IP, "address " + ip);
        if (userAgent != null && !userAgent.isEmpty() && s.screen.mayMatch(userAgent)) {
            for (int i = 0; i < s.agents.size(); i++) {
                if (AgentMatch.finds(s.agents.get(i), userAgent)) {
                    return new Match(EntryKind.USER_AGENT, "User-Agent matches " + s.agentReasons.get(i));
                }
            }
        }
        return null;
    }

    public boolean containsToken(byte[] tokenDigest) {
        return snapshot.tokens.contains(tokenDigest);
    }

    public boolean containsSession(String sessionId) {
        return sessionId != null && snapshot.sessions.contains(sessionId);
    }

    /**
     * Whether the session whose id is the two longs (high, low) is listed ({@code SessionIds}): a session
     * holds its id so, and the request path asks without making its text. A binary search of the
     * listed ids that pack, in (high, low) pairs.
     */
    public boolean containsSession(long high, long low) {
        long[] pairs = snapshot.packedSessions;
        int lo = 0;
        int hi = pairs.length / 2 - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = comparePair(pairs[2 * mid], pairs[2 * mid + 1], high, low);
            if (c == 0) return true;
            if (c < 0) lo = mid + 1;
            else hi = mid - 1;
        }
        return false;
    }

    private static int comparePair(long high1, long low1, long high2, long low2) {
        int c = Long.compare(high1, high2);
        return c != 0 ? c : Long.compare(low1, low2);
    }

    /** The listed ids that are the text of two longs, sorted, as pairs. */
    private static long[] packed(Set<String> sessions) {
        long[][] ids = sessions.stream().filter(SessionIds::packs)
                .map(id -> new long[] {SessionIds.high(id), SessionIds.low(id)})
                .sorted((a, b) -> comparePair(a[0], a[1], b[0], b[1])).toArray(long[][]::new);
        long[] pairs = new long[2 * ids.length];
        for (int i = 0; i < ids.length; i++) {
            pairs[2 * i] = ids[i][0];
            pairs[2 * i + 1] = ids[i][1];
        }
        return pairs;
    }

    /**
     * Validates and adds entries (all or none).
     *
     * @throws InvalidInputException naming each bad entry by its index
     */
    public List<BlacklistEntry> add(List<BlacklistEntry> candidates, long now) {
        List<FieldError> errors = new ArrayList<>();
        List<BlacklistEntry> clean = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i++) {
            BlacklistEntry c = candidates.get(i);
            FieldError problem = check(c);
            if (problem != null) {
                errors.add(new FieldError(candidates.size() == 1 ? problem.field() : "entries[" + i + "]", problem.message()));
                continue;
            }
            String value = keptValue(c.kind(), c.value());
            clean.add(new BlacklistEntry(Secrets.randomToken(9), c.kind(), value,
                    c.reason() == null ? "" : c.reason(), c.createdBy(), now, c.expiresAt()));
        }
        if (!errors.isEmpty()) throw new InvalidInputException(Reason.BAD_REQUEST, errors);
        store.insertBlacklist(clean);
        synchronized (this) {
            for (BlacklistEntry e : clean) entries.put(e.id(), e);
            ownChanges++;
            rebuild(now);
        }
        return clean;
    }

    /**
     * The candidates the list does not hold, each once: only a lasting entry stands for one (a
     * temporary one, an auto-block, lapses; a file's or a feed's must not). In one pass over each (a
     * feed may hold thousands).
     */
    public List<BlacklistEntry> notHeld(List<BlacklistEntry> candidates) {
        java.util.Set<String> held = new java.util.HashSet<>();
        for (BlacklistEntry have : entries.values()) {
            if (have.expiresAt() == 0) held.add(sameness(have.kind(), have.value()));
        }
        List<BlacklistEntry> missing = new ArrayList<>();
        for (BlacklistEntry e : candidates) {
            if (held.add(sameness(e.kind(), keptValue(e.kind(), e.value())))) missing.add(e);
        }
        return missing;
    }

    /**
     * What two kept values of a kind are the same entry by: an address or a digest whatever its case; a
     * User-Agent pattern too, unless it holds an escape ({@code \d} is not {@code \D}); a session id exactly.
     */
    private static String sameness(EntryKind kind, String kept) {
        boolean caseless = kind == EntryKind.IP || kind == EntryKind.TOKEN
                || kind == EntryKind.USER_AGENT && kept.indexOf('\\') < 0;
        return kind.label() + "\n" + (caseless ? kept.toLowerCase(java.util.Locale.ROOT) : kept);
    }

    public BlacklistEntry remove(String id, long now) {
        BlacklistEntry e = entries.get(id);
        // added through another node a moment ago, before this one heard of it: that one entry is read, not the list
        if (e == null && id != null) e = Reloaded.madeElsewhere(entries, id, store::findBlacklist);
        if (e == null) throw new NotFoundException("no blacklist entry " + id);
        boolean deleted = store.deleteBlacklist(id);
        synchronized (this) {
            entries.remove(id); // deleted here, or through another node meanwhile
            ownChanges++;
            rebuild(now);
        }
        if (!deleted) throw new NotFoundException("no blacklist entry " + id);
        return e;
    }

    /** Live entries, newest first. */
    public List<BlacklistEntry> list(long now) {
        return entries.values().stream().filter(e -> e.liveAt(now))
                .sorted(Comparator.comparingLong(BlacklistEntry::createdAt).reversed().thenComparing(BlacklistEntry::id))
                .toList();
    }

    /**
     * Drops expired entries from the snapshot, then from the store; called by the maintenance timer. An entry
     * stops matching at its expiry whether or not the store can delete its row then (a full disk kept an expired
     * auto-block refusing its address, unlisted, audit 49): a row the store refused is deleted at a later run, and
     * until then the entry is held here, expired, as every reader filters it out.
     */
    public void expire(long now) {
        if (now < snapshot.nextExpiry && !expiredHeld) return;
        rebuild(now);
        expiredHeld = true;
        boolean removed = false;
        for (BlacklistEntry e : List.copyOf(entries.values())) {
            if (!e.liveAt(now)) {
                store.deleteExpiredBlacklist(e.id()); // a store that refuses: the next run tries again
                entries.remove(e.id());
                removed = true;
            }
        }
        expiredHeld = false;
        // an add meanwhile rebuilt with its own time, a moment older, and took one of them in again
        if (removed) rebuild(now);
    }

    /** An entry's value as the list keeps it: trimmed, a token as its digest ({@link #tokenDigest}). */
    public static String keptValue(EntryKind kind, String value) {
        return kind == EntryKind.TOKEN ? tokenDigest(value.trim()) : value.trim();
    }

    /**
     * A token entry as kept: the SHA-256 of the token, in lower-case hex. A digest is taken as given,
     * also as the list shows it ({@code sha256:<hex>}) and in capitals; anything else is a token.
     */
    private static String tokenDigest(String value) {
        String hex = value.regionMatches(true, 0, "sha256:", 0, 7) ? value.substring(7) : value;
        if (hex.matches("[0-9a-fA-F]{64}")) return hex.toLowerCase(java.util.Locale.ROOT);
        return HexFormat.of().formatHex(Secrets.sha256(value));
    }

    /** The address sets entries are matched with, so that a preview matches an entry as the list will. */
    public AddressSet.Factory addressSets() { return addresses; }

    /** What is wrong with a candidate entry, or null if it is acceptable. */
    public String problem(BlacklistEntry c) {
        FieldError e = check(c);
        return e == null ? null : e.message();
    }

    /** What is wrong with a candidate entry, on the member at fault ({@code kind}, {@code value} or {@code reason}), or null. */
    public FieldError check(BlacklistEntry c) {
        if (c.kind() == null) return new FieldError("kind", "kind must be ip, user_agent, session or token");
        String raw = c.value() == null ? "" : c.value();
        String v = raw.trim();
        if (v.isEmpty() || v.length() > 512) return new FieldError("value", "value must be 1–512 characters");
        // NUL and the like looked for before the trim, which took them off the ends: "\u0000ab" was kept as
        // another pattern, "ab"; a line break or a tab around a pasted value is trimmed, as ever
        if (v.chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f) || raw.chars().anyMatch(ch -> (ch < 0x20 && !Character.isWhitespace(ch)) || ch == 0x7f)) {
            return new FieldError("value", "value must not contain control characters (a NUL byte, a line break, …)");
        }
        if (v.codePoints().noneMatch(Blacklist::visible)) return new FieldError("value", "value must hold a visible character");
        // a direction override would show the list otherwise than it reads
        if (v.codePoints().anyMatch(Blacklist::bidiControl)) return new FieldError("value", "must not hold a direction override");
        if (c.reason() != null && c.reason().codePoints().anyMatch(Blacklist::bidiControl)) {
            return new FieldError("reason", "must not hold a direction override");
        }
        // also from a config file, whose reader is not the request's: the store would keep '?' instead
        if (!Utf16Text.wellFormed(v)) return new FieldError("value", "value must not hold an unpaired surrogate, which is no character");
        // a reason is named in the refusal's detail (and a gateway's header): a few words, not a document
        if (c.reason() != null && c.reason().length() > REASON_MAX) {
            return new FieldError("reason", "reason must be at most " + REASON_MAX + " characters");
        }
        if (c.reason() != null && c.reason().chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f)) {
            return new FieldError("reason", "reason must not contain control characters");
        }
        if (c.reason() != null && !Utf16Text.wellFormed(c.reason())) {
            return new FieldError("reason", "reason must not hold an unpaired surrogate, which is no character");
        }
        switch (c.kind()) {
            case IP -> {
                try {
                    addresses.check(v);
                } catch (IllegalArgumentException e) {
                    return new FieldError("value", "not an address or CIDR range: " + v);
                }
            }
            case USER_AGENT -> {
                try {
                    Pattern.compile(v, Pattern.CASE_INSENSITIVE);
                } catch (PatternSyntaxException e) {
                    return new FieldError("value", "not a regular expression: " + e.getDescription());
                }
            }
            default -> { }
        }
        return null;
    }

    private static boolean visible(int cp) {
        return !Character.isWhitespace(cp) && !Character.isSpaceChar(cp) && Character.getType(cp) != Character.FORMAT;
    }

    /** The embeddings, overrides and isolates of Unicode's bidirectional algorithm. */
    private static boolean bidiControl(int cp) {
        return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
    }

    /**
     * A stored entry's pattern, or null (with a warning) if it does not compile: {@link #problem}
     * refuses such an entry, but a row written otherwise (an older version, a hand) must not stop the
     * server from starting, nor the other entries from holding.
     */
    private Pattern agent(BlacklistEntry e) {
        try {
            return Pattern.compile(e.value(), Pattern.CASE_INSENSITIVE);
        } catch (PatternSyntaxException x) {
            warnSkipped(e, "not a regular expression");
            return null;
        }
    }

    /** Once per entry: the snapshot is rebuilt at every change. */
    private void warnSkipped(BlacklistEntry e, String why) {
        if (skipped.add(e.id())) {
            LOG.log(System.Logger.Level.WARNING, "blacklist entry " + e.id() + " skipped, " + why + ": " + e.value());
        }
    }

    /** The address set; only when it cannot be built are the patterns checked one by one, to skip the bad. */
    private AddressSet addressSet(List<String> ips, Collection<BlacklistEntry> live) {
        try {
            return addresses.of(ips);
        } catch (IllegalArgumentException x) {
            List<String> good = new ArrayList<>();
            for (BlacklistEntry e : live) {
                if (e.kind() != EntryKind.IP) continue;
                try {
                    addresses.check(e.value());
                    good.add(e.value());
                } catch (IllegalArgumentException bad) {
                    warnSkipped(e, "not an address or range");
                }
            }
            return addresses.of(good);
        }
    }

    private synchronized void rebuild(long now) {
        Collection<BlacklistEntry> live = entries.values().stream().filter(e -> e.liveAt(now)).toList();
        List<String> ips = new ArrayList<>();
        List<Pattern> agents = new ArrayList<>();
        List<String> agentReasons = new ArrayList<>();
        Set<String> sessions = new HashSet<>();
        Set<String> tokens = new HashSet<>();
        long nextExpiry = Long.MAX_VALUE;
        for (BlacklistEntry e : live) {
            if (e.expiresAt() != 0) nextExpiry = Math.min(nextExpiry, e.expiresAt());
            switch (e.kind()) {
                case IP -> ips.add(e.value());
                case USER_AGENT -> {
                    Pattern p = agent(e);
                    if (p != null) {
                        agents.add(p);
                        // an entry stored before reasons were bounded is named with the start of its reason
                        String reason = e.reason().length() > REASON_MAX ? e.reason().substring(0, REASON_MAX) + "…" : e.reason();
                        agentReasons.add(e.value() + (reason.isEmpty() ? "" : " (" + reason + ")"));
                    }
                }
                case SESSION -> sessions.add(e.value());
                case TOKEN -> tokens.add(e.value());
            }
        }
        snapshot = new Snapshot(addressSet(ips, live), AgentScreen.of(agents), List.copyOf(agents), List.copyOf(agentReasons),
                Set.copyOf(sessions), packed(sessions), TokenDigests.of(tokens), nextExpiry);
    }
}
