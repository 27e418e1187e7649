package dev.palisade.engine.sequence;

import dev.palisade.engine.store.SettingsStore;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/** The sequence rules in force: read lock-free, replaced whole (validated) and persisted on change. */
public final class LiveSequenceRules implements Supplier<List<SequenceRule>> {

    static final String KEY = "sequence.rules";

    private final SettingsStore store;
    private final boolean demoApi;
    private final AtomicReference<List<SequenceRule>> current;

    /** @param demoApi whether the API protected is the demo's, whose order rule is then a default one */
    public LiveSequenceRules(SettingsStore store, boolean demoApi) {
        this.store = store;
        this.demoApi = demoApi;
        this.current = new AtomicReference<>(SequenceRules.decode(store.loadSettings().get(KEY), demoApi));
    }

    /** Reads it again: another node of the cluster changed it. */
    public synchronized void reload() { current.set(SequenceRules.decode(store.loadSettings().get(KEY), demoApi)); }

    @Override
    public List<SequenceRule> get() { return current.get(); }

    public synchronized List<SequenceRule> replace(List<SequenceRule> next) {
        List<SequenceRule> valid = SequenceRules.validate(next);
        // the rules of types a newer version wrote stay for it to read (durability audit 61, I1)
        StringBuilder text = new StringBuilder(SequenceRules.encode(valid));
        for (String rule : SequenceRules.unread(store.loadSettings().get(KEY))) {
            if (text.length() > 0 && text.charAt(text.length() - 1) != '\n') text.append('\n');
            text.append(rule);
        }
        store.saveSettings(Map.of(KEY, text.toString()));
        current.set(valid);
        return valid;
    }

    /** The max-sessions rule, or null when there is none. */
    public SequenceRule.MaxSessions maxSessions() {
        for (SequenceRule r : current.get()) {
            if (r instanceof SequenceRule.MaxSessions m) return m;
        }
        return null;
    }
}
