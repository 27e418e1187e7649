package dev.palisade.console.ui.configuration;

import dev.palisade.console.client.AdminClient;
import dev.palisade.console.client.Dtos.EventView;
import dev.palisade.console.ui.common.Background;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The Configuration view's sections, each applied live by the server and persisted there. */
public final class ConfigurationViewModel {

    private final SettingsSection settings;
    private final KeysSection keys;
    private final BlacklistSection blacklist;
    private final DocumentForm windows;
    private final DocumentForm rules;
    private final AccessSection access;
    private final DebugTokensSection debugTokens;
    private final FingerprintPolicySection fingerprintPolicy;
    private final AlertsSection alerts;
    private final OperatorsSection operators;
    private final AuditTrailSection auditTrail;
    private final PutBackAtStart putBack;
    private final BooleanProperty showing = new SimpleBooleanProperty();
    private final BooleanProperty accessShown = new SimpleBooleanProperty();
    /** One instance a list, so a list marked twice is reloaded once. */
    private final Runnable reloadBlacklist, reloadAccess, reloadDebugTokens, reloadOperators, reloadKeys;
    /** One instance a form: each shows the server's values again, keeping the operator's edits. */
    private final Runnable followSettings, followWindows, followRules, followPolicy, followAlerts;
    private final Set<Runnable> changed = new LinkedHashSet<>();
    private final UnappliedTabs unappliedTabs = new UnappliedTabs(this::unapplied);

    public ConfigurationViewModel(AdminClient admin, Background background) {
        Background forms = unappliedTabs.settling(background); // the forms' answers change what is unapplied
        this.settings = new SettingsSection(admin, forms);
        this.keys = new KeysSection(admin, background);
        this.blacklist = new BlacklistSection(admin, background);
        this.windows = DocumentForm.rateWindows(admin, forms);
        this.rules = DocumentForm.sequenceRules(admin, forms);
        this.access = new AccessSection(admin, background);
        this.debugTokens = new DebugTokensSection(admin, background);
        this.fingerprintPolicy = new FingerprintPolicySection(admin, forms);
        this.alerts = new AlertsSection(admin, forms);
        unappliedTabs.watchSettings(settings.rows());
        unappliedTabs.watchForm(windows.rows());
        unappliedTabs.watchForm(rules.rows());
        unappliedTabs.watchMap(fingerprintPolicy.actions());
        unappliedTabs.watch(fingerprintPolicy.ipv4Prefix(), fingerprintPolicy.ipv6Prefix(), fingerprintPolicy.trustedProxies(),
                alerts.deniedPerMinute(), alerts.automationSuspected(), alerts.ipAutoBlocked(), alerts.loginsPerUser(),
                alerts.loginsBusy());
        this.operators = new OperatorsSection(admin, background);
        this.auditTrail = new AuditTrailSection(admin, background);
        this.putBack = new PutBackAtStart(admin, background, settings, java.util.Map.of("windows", windows::putBack,
                "rules", rules::putBack, "fingerprint", fingerprintPolicy::putBack));
        this.reloadBlacklist = blacklist::load;
        this.reloadAccess = access::load;
        this.reloadDebugTokens = debugTokens::load;
        this.reloadOperators = operators::load;
        this.reloadKeys = keys::load;
        this.followSettings = settings::follow;
        this.followWindows = windows::follow;
        this.followRules = rules::follow;
        this.followPolicy = fingerprintPolicy::follow;
        this.followAlerts = alerts::follow;
    }

    public void load() {
        settings.load();
        keys.load();
        blacklist.load();
        windows.load();
        rules.load();
        access.load();
        debugTokens.load();
        fingerprintPolicy.load();
        alerts.load();
        operators.load();
        auditTrail.load();
        putBack.load();
    }

    /**
     * Reloads what others change while the console runs (users and API keys made by scripts and
     * scenarios, blacklist entries, keys, debug tokens) when the operator opens the view; the forms
     * being edited (settings, windows, rules) are left as they are.
     */
    public void refreshLists() {
        // a form changed elsewhere while the view was hidden follows now, as the lists are read again
        List<Runnable> forms = changed.stream().filter(this::isForm).toList();
        changed.clear();
        keys.load();
        blacklist.load();
        access.load();
        debugTokens.load();
        operators.load();
        auditTrail.load();
        putBack.load(); // a server started again with another file, or none: its forms say so now
        forms.forEach(Runnable::run);
    }

    private boolean isForm(Runnable r) {
        return r == followSettings || r == followWindows || r == followRules || r == followPolicy || r == followAlerts;
    }

    /**
     * After the server came back: the lists, and every form (a form never loaded is loaded: the console
     * may have started while the server was away; a loaded one follows what changed while the stream
     * was lost, keeping the operator's edits).
     */
    public void reloadAfterReconnect() {
        changed.removeIf(this::isForm); // each read once, below
        refreshLists();
        for (Runnable form : List.of(followSettings, followWindows, followRules, followPolicy, followAlerts)) form.run();
    }

    /**
     * Lists and forms follow what others change while the console runs: an operator elsewhere, a script,
     * a scenario, or Palisade itself blocking an address. Their admin events mark the list or form; the
     * next {@link #tick} reads it again while the view is shown (at most once every tick, however many
     * came; shown later, the view reads them when opened). A form keeps the operator's edits.
     */
    public void onEvents(List<EventView> events) {
        for (EventView e : events) {
            if (!"admin".equals(e.type())) continue;
            Runnable list = listChangedBy(e.code());
            if (list != null) changed.add(list);
            if (e.code().equals("settings_changed")) changed.add(reloadKeys); // the Keys tab's line on the grace
        }
    }

    /** The 2-second poll: lists marked changed are reloaded, and the blacklist once an entry expired. */
    public void tick(long now) {
        auditTrail.poll(now); // a page the server was too busy for, asked again once its wait has passed
        for (var e : blacklist.entries()) {
            if (e.expiresAt() > 0 && e.expiresAt() <= now) changed.add(reloadBlacklist);
        }
        // a key's use is no admin event (allowed calls are not recorded one by one): while its "Last used"
        // is read, the keys are asked for every tick, one request out at a time (ux44 D8)
        // and the users with them while a load of theirs failed (keys or none): it is made again at each tick until it works
        boolean keysRead = showing.get() && accessShown.get() && !changed.contains(reloadAccess)
                && (access.usersUnread() || access.apiKeys().stream().anyMatch(k -> "active".equals(k.state())));
        if (keysRead) access.pollKeys(); // the keys alone: users change only by admin events, which mark reloadAccess
        if (!showing.get() || changed.isEmpty()) return;
        List<Runnable> loads = List.copyOf(changed);
        changed.clear();
        loads.forEach(Runnable::run);
    }

    /** The forms holding edits not applied, named as their tabs are: closing the window would drop them. */
    public List<String> unapplied() {
        List<String> out = new java.util.ArrayList<>();
        if (settings.unapplied()) out.add("TTLs");
        if (windows.unapplied()) out.add("Rates");
        if (rules.unapplied()) out.add("Rules");
        if (fingerprintPolicy.unapplied()) out.add("Fingerprint");
        if (alerts.unapplied()) out.add("Alerts");
        return out;
    }

    /** The tabs holding edits not applied, kept current for their marks (as {@link #unapplied()} names them). */
    public javafx.beans.property.ReadOnlyObjectProperty<List<String>> unappliedTabs() { return unappliedTabs.names(); }

    /** True while the Access tab is the one chosen (on screen when {@link #showing} is true too). */
    public BooleanProperty accessShown() { return accessShown; }

    /** True while the Configuration view is on screen. */
    public BooleanProperty showing() { return showing; }

    private Runnable listChangedBy(String code) {
        if (code.startsWith("blacklist_") || code.equals("ip_auto_blocked")) return reloadBlacklist;
        if (code.startsWith("user_") || code.startsWith("api_key_") || code.equals("login_throttle_lifted")) return reloadAccess;
        if (code.startsWith("debug_token_")) return reloadDebugTokens;
        if (code.startsWith("operator_")) return reloadOperators;
        if (code.equals("signing_key_rotated") || code.equals("fingerprint_salt_rotated")) return reloadKeys;
        return switch (code) {
            case "settings_changed" -> followSettings;
            case "rate_windows_changed" -> followWindows;
            case "sequence_rules_changed" -> followRules;
            case "fingerprint_policy_changed" -> followPolicy;
            case "alerts_changed" -> followAlerts;
            default -> null;
        };
    }

    public SettingsSection settings() { return settings; }
    public KeysSection keys() { return keys; }
    public BlacklistSection blacklist() { return blacklist; }
    public DocumentForm windows() { return windows; }
    public DocumentForm rules() { return rules; }
    public AccessSection access() { return access; }
    public DebugTokensSection debugTokens() { return debugTokens; }
    public FingerprintPolicySection fingerprintPolicy() { return fingerprintPolicy; }
    public AlertsSection alerts() { return alerts; }
    public OperatorsSection operators() { return operators; }
    public AuditTrailSection auditTrail() { return auditTrail; }
}
