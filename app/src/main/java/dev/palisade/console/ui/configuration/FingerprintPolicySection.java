package dev.palisade.console.ui.configuration;

import dev.palisade.console.client.AdminApiException;
import dev.palisade.console.client.AdminClient;
import dev.palisade.console.client.Dtos.FingerprintPolicyView;
import dev.palisade.console.ui.common.Background;
import dev.palisade.console.ui.common.ReportBusy;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableMap;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fingerprint policy: what a change of each component means (ignore, alert, reauth; deny only
 * for automation), how much of an address counts, which proxies are trusted. Preview replays the
 * recorded mismatches under the new actions before Apply, which sends only what the operator changed.
 * Neither is done before the server's policy was loaded: the form would send no component and no
 * trusted proxy, replacing the server's policy.
 */
public final class FingerprintPolicySection {

    /** The actions a component may take; {@code deny} is offered for automation alone, as the server allows. */
    static List<String> actionsFor(String component) {
        return "automation".equals(component) ? List.of("ignore", "alert", "deny") : List.of("ignore", "alert", "reauth");
    }

    private final AdminClient admin;
    private final Background background;
    private final ObservableMap<String, StringProperty> actions = FXCollections.observableMap(new LinkedHashMap<>());
    private final StringProperty ipv4Prefix = new SimpleStringProperty("");
    private final StringProperty ipv6Prefix = new SimpleStringProperty("");
    private final StringProperty trustedProxies = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper putBack = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper preview = new ReadOnlyStringWrapper("");
    private boolean loaded;
    /** The policy the form was last filled from: Apply sends only what differs, so another operator's change stays. */
    private FingerprintPolicyView shown;
    private final Following<FingerprintPolicyView> following;

    FingerprintPolicySection(AdminClient admin, Background background) {
        this.admin = admin;
        this.background = background;
        this.following = new Following<>(background, admin::fingerprintPolicy, "the fingerprint policy");
    }

    public void load() {
        following.loading();
        background.run(admin::fingerprintPolicy, p -> {
            show(p);
            loaded = true;
            following.loaded();
            message.set("");
        }, t -> message.set("Cannot load the policy: " + t.getMessage()));
    }

    /** Shows the server's policy again once it changed elsewhere, unless the form holds edits (Apply sends only those). */
    public void follow() {
        following.follow(loaded, this::load, p -> {
            if (!p.equals(shown) && !unapplied()) show(p);
        });
    }

    private void show(FingerprintPolicyView p) {
        shown = p;
        Map<String, StringProperty> next = new LinkedHashMap<>();
        p.components().forEach((component, action) -> next.put(component, new SimpleStringProperty(action)));
        actions.clear();
        actions.putAll(next);
        ipv4Prefix.set(Integer.toString(p.ipv4Prefix()));
        ipv6Prefix.set(Integer.toString(p.ipv6Prefix()));
        trustedProxies.set(String.join(", ", p.trustedProxies()));
    }

    /**
     * The policy as the form holds it; null (with a message) before the server's policy was loaded, or
     * when a prefix is not a whole number of bits within the server's ranges.
     */
    private FingerprintPolicyView typed() {
        if (!loaded) {
            message.set("Not applied: the fingerprint policy was never loaded from the server. Reload it first.");
            return null;
        }
        Map<String, String> components = new LinkedHashMap<>();
        actions.forEach((c, a) -> components.put(c, a.get()));
        int v4;
        int v6;
        try {
            v4 = Integer.parseInt(ipv4Prefix.get().trim());
            v6 = Integer.parseInt(ipv6Prefix.get().trim());
        } catch (NumberFormatException e) {
            v4 = -1;
            v6 = -1;
        }
        if (v4 < 8 || v4 > 32 || v6 < 16 || v6 > 128) { // the server's ranges
            message.set("The address prefixes are whole numbers of bits: IPv4 8–32, IPv6 16–128.");
            return null;
        }
        return new FingerprintPolicyView(components, v4, v6, Arrays.stream(trustedProxies.get().split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).toList());
    }

    /** What the new actions would have done to the recorded mismatches; nothing is applied. */
    public void preview() {
        FingerprintPolicyView p = typed();
        if (p == null) return;
        preview.set("Replaying recorded mismatches…");
        Map<String, Object> change = Map.of("components", p.components());
        background.run(() -> admin.preview("fingerprint", change), r -> {
            preview.set(PreviewText.of(r));
            message.set("");
        }, t -> {
            if (ReportBusy.is(t)) { // not a refusal of the policy: the same preview answers in a few seconds
                preview.set(ReportBusy.tryAgain("the preview", t));
                return;
            }
            preview.set("");
            refused(t);
        });
    }

    public void apply() {
        FingerprintPolicyView p = typed();
        if (p == null) return;
        Map<String, Object> changes = new LinkedHashMap<>(); // members left out keep the server's values
        if (p.ipv4Prefix() != shown.ipv4Prefix()) changes.put("ipv4Prefix", p.ipv4Prefix());
        if (p.ipv6Prefix() != shown.ipv6Prefix()) changes.put("ipv6Prefix", p.ipv6Prefix());
        if (!p.trustedProxies().equals(shown.trustedProxies())) changes.put("trustedProxies", p.trustedProxies());
        // the server replaces the components whole: the actions changed here go over the server's own, read just before
        Map<String, String> changed = new LinkedHashMap<>();
        p.components().forEach((c, a) -> {
            if (!a.equals(shown.components().get(c))) changed.put(c, a);
        });
        background.run(() -> {
            if (!changed.isEmpty()) {
                Map<String, String> components = new LinkedHashMap<>(admin.fingerprintPolicy().components());
                components.putAll(changed);
                changes.put("components", components);
            }
            return admin.updateFingerprintPolicy(changes);
        }, now -> {
            show(now);
            preview.set("");
            message.set("Applied; in force now.");
        }, this::refused);
    }

    private void refused(Throwable t) {
        if (t instanceof AdminApiException e && !e.errors().isEmpty()) {
            message.set("Refused, nothing changed: " + String.join("; ", e.errors().stream()
                    .map(f -> f.field() + ": " + f.message()).toList()) + ".");
        } else {
            message.set("Refused, nothing changed: " + t.getMessage());
        }
    }

    /** Whether the server's policy was loaded once. */
    public boolean loaded() { return loaded; }

    /** Whether the form holds an action, a prefix or a trusted proxy typed and not applied. */
    public boolean unapplied() {
        if (shown == null) return false;
        for (var e : actions.entrySet()) {
            if (!java.util.Objects.equals(e.getValue().get(), shown.components().get(e.getKey()))) return true;
        }
        List<String> proxies = Arrays.stream(trustedProxies.get().split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        return !ipv4Prefix.get().trim().equals(Integer.toString(shown.ipv4Prefix()))
                || !ipv6Prefix.get().trim().equals(Integer.toString(shown.ipv6Prefix()))
                || !proxies.equals(shown.trustedProxies());
    }

    public ObservableMap<String, StringProperty> actions() { return actions; }
    public StringProperty ipv4Prefix() { return ipv4Prefix; }
    public StringProperty ipv6Prefix() { return ipv6Prefix; }
    public StringProperty trustedProxies() { return trustedProxies; }
    public ReadOnlyStringProperty message() { return message.getReadOnlyProperty(); }

    /** Empty, or why the form may show values the server no longer holds (its read after a change elsewhere failed). */
    public ReadOnlyStringProperty unreadable() { return following.unreadable(); }
    public ReadOnlyStringProperty previewText() { return preview.getReadOnlyProperty(); }

    /** Empty, or what puts this form back at each start of the server: a change made here lasts until the next one. */
    public ReadOnlyStringProperty putBack() { return putBack.getReadOnlyProperty(); }

    void putBack(String notice) { putBack.set(notice); }
}
