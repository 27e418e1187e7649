package dev.palisade.console.ui.configuration;

import dev.palisade.console.client.AdminClient;
import dev.palisade.console.client.Dtos.SetAtStartView;
import dev.palisade.console.ui.common.Background;
import dev.palisade.console.ui.common.LatestRequest;
import javafx.collections.ListChangeListener;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What each start of the server puts back ({@code GET /admin/config/governed}: the sections of its {@code --config}
 * file, the settings it names; on a cluster a file given with {@code --config-overwrite}), told above the forms that
 * change them. A change made there lasts until the next start, and the console said nothing while a routine restart
 * undid it (durability audit 61, L3).
 * <p>
 * A server from before this answers 404: like a server that puts nothing back, it gets no notice, and no complaint
 * either (there is nothing the operator could do about it). The routes it may list have no form here.
 */
final class PutBackAtStart {

    private final AdminClient admin;
    private final Background background;
    private final SettingsSection settings;
    /** The forms of a whole section, by the section's name in the answer: windows, rules, fingerprint. */
    private final Map<String, Consumer<String>> forms;
    private final LatestRequest reads = new LatestRequest();
    private List<SetAtStartView> parts = List.of();

    PutBackAtStart(AdminClient admin, Background background, SettingsSection settings, Map<String, Consumer<String>> forms) {
        this.admin = admin;
        this.background = background;
        this.settings = settings;
        this.forms = forms;
        // the settings are named by the form's labels, which come with its rows
        settings.rows().addListener((ListChangeListener<SettingRow>) c -> tell());
    }

    /** Reads what the server puts back (when the view is loaded or shown again, or the server came back). */
    void load() {
        LatestRequest.Ticket read = reads.next();
        background.run(admin::governed, now -> {
            if (read.isNewest()) show(now);
        }, failed -> {
            if (read.isNewest()) show(List.of());
        });
    }

    private void show(List<SetAtStartView> now) {
        parts = List.copyOf(now);
        tell();
    }

    private void tell() {
        Map<String, String> labels = new LinkedHashMap<>();
        for (SettingRow r : settings.rows()) labels.put(r.field().name(), r.field().label());
        settings.putBack(settingsNotice(parts, labels));
        forms.forEach((section, form) -> form.accept(notice(section, parts)));
    }

    /** Above a form of a whole section ({@code windows}, …): empty when no start puts it back. */
    static String notice(String section, List<SetAtStartView> parts) {
        List<String> sentences = new ArrayList<>();
        for (String by : byWhat(section, parts).keySet()) {
            sentences.add("Put back at each start by " + by + ": a change here lasts until the next start; " + keep(by) + ".");
        }
        return String.join(" ", sentences);
    }

    /**
     * Above the settings: the ones put back, named by {@code labels} (name to label, in the form's order); a setting the
     * form does not show is not changed there, and not named.
     */
    static String settingsNotice(List<SetAtStartView> parts, Map<String, String> labels) {
        List<String> sentences = new ArrayList<>();
        byWhat("settings", parts).forEach((by, names) -> {
            List<String> named = labels.entrySet().stream().filter(e -> names.contains(e.getKey())).map(Map.Entry::getValue).toList();
            if (named.isEmpty()) return;
            sentences.add("Put back at each start by " + by + ": " + sentence(named) + ". A change to "
                    + (named.size() == 1 ? "it" : "them") + " here lasts until the next start; " + keep(by) + ".");
        });
        return String.join(" ", sentences);
    }

    /** The parts of {@code section}, by what puts them back: the settings' names for each (none for other sections). */
    private static Map<String, Set<String>> byWhat(String section, List<SetAtStartView> parts) {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        for (SetAtStartView p : parts) {
            if (!section.equals(p.section()) || p.by() == null) continue;
            Set<String> names = out.computeIfAbsent(p.by(), by -> new LinkedHashSet<>());
            if (p.setting() != null) names.add(p.setting());
        }
        return out;
    }

    /** How to make a change last: the file (given with --config, or --config-overwrite on a cluster), or the start's option. */
    private static String keep(String by) {
        boolean file = by.startsWith("--config ") || by.startsWith("--config-overwrite ");
        return file ? "change the file to keep it" : "change " + by + " to keep it";
    }

    /** "A", "A and B", "A, B and C": every one named. */
    private static String sentence(List<String> names) {
        if (names.size() == 1) return names.get(0);
        return String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
    }
}
