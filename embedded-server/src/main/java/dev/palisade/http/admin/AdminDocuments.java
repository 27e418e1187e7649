package dev.palisade.http.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.palisade.engine.blacklist.EntryKind;
import dev.palisade.engine.config.ProxyRoutes;
import dev.palisade.engine.fingerprint.FingerprintPolicy;
import dev.palisade.engine.rate.RateWindow;
import dev.palisade.engine.sequence.SequenceRule;

import java.util.List;
import java.util.Map;

/**
 * The admin API's documents for what an operator configures, read and written the same way for a
 * configuration file (dev.palisade.config) as for the resources that serve them.
 */
public final class AdminDocuments {

    private AdminDocuments() {}

    /** One rate window; {@code at} names it in errors, e.g. {@code windows[2]}. */
    public static RateWindow window(JsonNode n, String at) { return WindowsResource.window(n, at); }

    /** One sequence rule; {@code at} names it in errors, e.g. {@code rules[0].}. */
    public static SequenceRule rule(JsonNode n, String at) { return RulesResource.rule(n, at); }

    /** Setting changes (numbers, or the label of a choice), every bad field named. */
    public static Map<String, Long> settingChanges(ObjectNode body) { return ConfigResource.changes(body); }

    /** A fingerprint policy; fields left out keep {@code current}'s. */
    public static FingerprintPolicy fingerprint(ObjectNode body, FingerprintPolicy current) {
        return FingerprintResource.policy(body, current);
    }

    public static EntryKind blacklistKind(String label) { return BlacklistResource.kind(label); }

    public static Map<String, Object> view(ProxyRoutes routes) { return RoutesResource.view(routes); }

    /** Routes from their document, as {@code PUT /admin/routes} reads them. */
    public static ProxyRoutes routes(ObjectNode body) { return RoutesResource.routes(body); }

    public static List<?> windowsView(List<RateWindow> windows) { return (List<?>) WindowsResource.view(windows).get("windows"); }

    public static List<?> rulesView(List<SequenceRule> rules) { return (List<?>) RulesResource.view(rules).get("rules"); }

    public static Map<String, Object> view(FingerprintPolicy policy) { return FingerprintResource.view(policy); }
}
