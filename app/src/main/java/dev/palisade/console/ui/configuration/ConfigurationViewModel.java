package dev.palisade.console.ui.configuration;

import dev.palisade.console.client.AdminClient;
import dev.palisade.console.ui.common.Background;

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

    public ConfigurationViewModel(AdminClient admin, Background background) {
        this.settings = new SettingsSection(admin, background);
        this.keys = new KeysSection(admin, background);
        this.blacklist = new BlacklistSection(admin, background);
        this.windows = DocumentForm.rateWindows(admin, background);
        this.rules = DocumentForm.sequenceRules(admin, background);
        this.access = new AccessSection(admin, background);
        this.debugTokens = new DebugTokensSection(admin, background);
        this.fingerprintPolicy = new FingerprintPolicySection(admin, background);
        this.alerts = new AlertsSection(admin, background);
        this.operators = new OperatorsSection(admin, background);
        this.auditTrail = new AuditTrailSection(admin, background);
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
    }

    /**
     * Reloads what others change while the console runs (users and API keys made by scripts and
     * scenarios, blacklist entries, keys, debug tokens) when the operator opens the view; the forms
     * being edited (settings, windows, rules) are left as they are.
     */
    public void refreshLists() {
        keys.load();
        blacklist.load();
        access.load();
        debugTokens.load();
        operators.load();
        auditTrail.load();
    }

    /**
     * After the server came back: the lists, and every form that was never loaded (the console may
     * have started while the server was away); a loaded form keeps the operator's edits, and its
     * Reload is one click away.
     */
    public void reloadAfterReconnect() {
        refreshLists();
        if (!settings.loaded()) settings.load();
        if (!windows.loaded().get()) windows.load();
        if (!rules.loaded().get()) rules.load();
        if (!fingerprintPolicy.loaded()) fingerprintPolicy.load();
        if (!alerts.loaded()) alerts.load();
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
