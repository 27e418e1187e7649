package dev.palisade.engine;

import dev.palisade.engine.fingerprint.Fingerprint;
import dev.palisade.engine.session.Session;
import dev.palisade.engine.session.SessionRegistry;
import dev.palisade.engine.state.CallMarks;
import dev.palisade.engine.state.LoginFailures;
import dev.palisade.engine.store.Store;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * What a node keeps in memory and writes with each maintenance run, so that a restart or a crash
 * loses none of it: sessions (revocations, call counts), the calls sequence rules look back to, the
 * fingerprints refused and waiting for an operator, failed logins, and the clients users logged in
 * from. What the store refuses is given back, to be written with the next run. (A cluster's shared
 * state keeps all but the sessions itself: its stores give nothing to write.)
 */
final class Checkpoints {

    private final Store store;
    private final SessionRegistry sessions;
    private final CallMarks callMarks;
    private final LoginFailures loginFailures;
    /** Sessions refused a fingerprint since the last run, on a single node. */
    private final Set<Session> refusedSince = ConcurrentHashMap.newKeySet();

    Checkpoints(Store store, SessionRegistry sessions, CallMarks callMarks, LoginFailures loginFailures) {
        this.store = store;
        this.sessions = sessions;
        this.callMarks = callMarks;
        this.loginFailures = loginFailures;
    }

    /** A session was just refused a fingerprint: it is written with the next run, to be accepted after a restart too. */
    void refused(Session session) {
        refusedSince.add(session);
    }

    void writeSessions() {
        write(sessions.checkpointDirty(), store::saveSessions, sessions::checkpointFailed);
    }

    void writeCallMarks() {
        write(callMarks.takeChanged(), store::saveCallMarks, callMarks::changedAgain);
    }

    void writeRefusedFingerprints() {
        write(refusedToWrite(), taken -> {
            Map<String, Fingerprint> bySession = refusedOf(taken);
            if (!bySession.isEmpty()) store.saveRefusedFingerprints(bySession);
        }, refusedSince::addAll);
    }

    /**
     * After the login throttle's sweep, which forgets some; with the clients users logged in from. One
     * writer at a time (the maintenance run, an operator's lift): a write of what was taken earlier must
     * not land after a later one and put back what it removed.
     */
    synchronized void writeLoginFailures() {
        write(loginFailures.takeChanged(), store::saveLoginFailures, loginFailures::changedAgain);
        write(loginFailures.takeChangedKnown(), store::saveKnownClients, loginFailures::knownAgain);
    }

    /** Writes {@code changed}; gives it back when the store fails, and fails with it. */
    private static <T> void write(List<T> changed, Consumer<List<T>> save, Consumer<List<T>> giveBack) {
        if (changed.isEmpty()) return;
        try {
            save.accept(changed);
        } catch (RuntimeException e) {
            giveBack.accept(changed);
            throw e;
        }
    }

    /** The fingerprints last refused to {@code refused}, by session: none for one accepted or swept since. */
    private Map<String, Fingerprint> refusedOf(List<Session> refused) {
        Map<String, Fingerprint> bySession = new HashMap<>();
        for (Session s : refused) {
            Fingerprint fp = s.refusedFingerprint();
            // null: accepted since; a session swept meanwhile has had its row deleted, and gets none again
            if (fp != null && sessions.get(s.id()) == s) bySession.put(s.id(), fp);
        }
        return bySession;
    }

    /** The sessions refused a fingerprint since the last run, taken. */
    private List<Session> refusedToWrite() {
        List<Session> taken = new ArrayList<>();
        for (Iterator<Session> it = refusedSince.iterator(); it.hasNext(); ) {
            taken.add(it.next());
            it.remove();
        }
        return taken;
    }
}
