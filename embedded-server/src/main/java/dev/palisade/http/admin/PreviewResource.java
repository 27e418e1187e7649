package dev.palisade.http.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.palisade.engine.Engine;
import dev.palisade.engine.FieldError;
import dev.palisade.engine.InvalidInputException;
import dev.palisade.engine.Reason;
import dev.palisade.engine.blacklist.BlacklistEntry;
import dev.palisade.engine.blacklist.EntryKind;
import dev.palisade.engine.event.Event;
import dev.palisade.engine.fingerprint.FingerprintPolicy;
import dev.palisade.engine.preview.PreviewResult;
import dev.palisade.engine.preview.RecentTraffic;
import dev.palisade.engine.preview.ReplayedCall;
import dev.palisade.engine.preview.WhatIf;
import dev.palisade.engine.rate.RateWindow;
import dev.palisade.engine.sequence.SequenceRule;
import dev.palisade.engine.sequence.SequenceRules;
import dev.palisade.engine.session.Session;
import dev.palisade.http.Bodies;
import dev.palisade.http.HttpProblem;
import dev.palisade.http.Json;
import dev.palisade.http.Responses;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /admin/preview}: what a change to rate windows, sequence rules, the blacklist or the
 * fingerprint policy would have done to recent real traffic, before the operator applies it. The body
 * holds one of {@code windows}, {@code rules}, {@code blacklist} (entries to add) or {@code fingerprint},
 * in the shapes their own endpoints take, validated the same way; nothing is changed. The answer says whose calls were
 * replayed ({@link PreviewScope}).
 */
final class PreviewResource extends AdminResource {

    private final Engine engine;
    private final RecentTraffic traffic;
    private final ClusterView cluster;

    PreviewResource(Engine engine, RecentTraffic traffic, ClusterView cluster) {
        this.engine = engine;
        this.traffic = traffic;
        this.cluster = cluster;
    }

    @Override
    protected boolean serve(Request request, Response response, Callback callback) throws InterruptedException {
        if (!below(request, "/admin/preview").isEmpty()) return false;
        if (!request.getMethod().equals("POST")) throw methodNotAllowed(request);
        ObjectNode body = Bodies.jsonObject(request, 64 * 1024);
        Json.onlyFields(body, "", List.of("windows", "rules", "blacklist", "fingerprint"));
        List<String> kinds = new ArrayList<>();
        for (String k : List.of("windows", "rules", "blacklist", "fingerprint")) if (body.has(k)) kinds.add(k);
        if (kinds.size() != 1) {
            throw HttpProblem.field("body", "must hold exactly one of windows, rules, blacklist or fingerprint");
        }
        engine.events().awaitWritten(1_000); // the refusals just decided belong in the replay
        long now = engine.clock().millis();
        PreviewResult result = switch (kinds.get(0)) {
            case "windows" -> WhatIf.windows(windows(body.get("windows")), traffic.replay(now, "rate_limited"),
                    id -> engine.sessionPace().percentOf(engine.sessions().get(id))); // a session gone: its whole windows
            case "rules" -> WhatIf.rules(rules(body.get("rules")), traffic.replay(now, "sequence_violation"));
            case "blacklist" -> WhatIf.blacklist(entries(body.get("blacklist")), traffic.replay(now), this::userAgentOf,
                    engine.blacklist().addressSets());
            default -> WhatIf.fingerprint(policy(body.get("fingerprint")), mismatches(traffic.since(now)));
        };
        // a fingerprint policy is replayed over stored mismatches alone: every node's
        Responses.json(response, callback, 200, view(result, PreviewScope.of(cluster, kinds.get(0).equals("fingerprint"))));
        return true;
    }

    private static List<RateWindow> windows(JsonNode list) {
        if (!list.isArray()) throw HttpProblem.field("windows", "must be an array");
        List<RateWindow> windows = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) windows.add(WindowsResource.window(list.get(i), "windows[" + i + "]"));
        return RateWindow.validate(windows);
    }

    private static List<SequenceRule> rules(JsonNode list) {
        if (!list.isArray()) throw HttpProblem.field("rules", "must be an array");
        List<SequenceRule> rules = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) rules.add(RulesResource.rule(list.get(i), "rules[" + i + "]."));
        return SequenceRules.validate(rules);
    }

    /** Entries to add, each validated as {@code POST /admin/blacklist} validates it and trimmed as it is stored. */
    private List<WhatIf.Entry> entries(JsonNode list) {
        if (!list.isArray()) throw HttpProblem.field("blacklist", "must be an array of entries to add");
        if (list.size() > 1_000) throw HttpProblem.field("blacklist", "at most 1000 entries");
        List<WhatIf.Entry> entries = new ArrayList<>();
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String at = "blacklist[" + i + "]";
            JsonNode n = list.get(i);
            if (!n.isObject()) throw HttpProblem.field(at, "must be an object");
            Json.onlyFields(n, at + ".", List.of("kind", "value", "reason", "expiresInSeconds"));
            JsonNode reason = n.path("reason");
            if (!reason.isMissingNode() && !reason.isNull() && !reason.isTextual()) {
                errors.add(new FieldError(at + ".reason", "must be a string"));
                continue;
            }
            JsonNode expires = n.path("expiresInSeconds");
            if (!expires.isMissingNode() && !expires.isNull()
                    // as POST /admin/blacklist reads it: 1e3, 1.0 and 2^64+5 (read as 5) are refused there
                    && (!expires.isIntegralNumber() || !expires.canConvertToLong() || !BlacklistResource.expiryFits(expires.longValue()))) {
                errors.add(new FieldError(at + ".expiresInSeconds", BlacklistResource.EXPIRY_RANGE));
                continue;
            }
            EntryKind kind;
            try {
                kind = EntryKind.ofLabel(n.path("kind").isTextual() ? n.get("kind").textValue() : "");
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError(at + ".kind", e.getMessage()));
                continue;
            }
            JsonNode value = n.path("value");
            if (!value.isTextual()) {
                errors.add(new FieldError(at + ".value", "must be a string"));
                continue;
            }
            BlacklistEntry entry = new BlacklistEntry(null, kind, value.textValue(), reason.isTextual() ? reason.textValue() : null,
                    "preview", 0, 0);
            FieldError problem = engine.blacklist().check(entry);
            if (problem != null) errors.add(new FieldError(at + "." + problem.field(), problem.message()));
            else entries.add(new WhatIf.Entry(kind.label(), entry.value().trim()));
        }
        if (!errors.isEmpty()) throw new InvalidInputException(Reason.BAD_REQUEST, errors);
        return entries;
    }

    /**
     * The policy as {@code PUT /admin/fingerprint} takes it (what it leaves out is the one in force), but its components
     * required. Its errors are named there by their place in that body ({@code ipv4Prefix}); here by their place in this
     * one ({@code fingerprint.ipv4Prefix}), as every other error of a preview is, so a form can place them.
     */
    private FingerprintPolicy policy(JsonNode body) {
        if (!body.isObject()) throw HttpProblem.field("fingerprint", "must be an object");
        Json.onlyFields(body, "fingerprint.", List.of("components", "ipv4Prefix", "ipv6Prefix", "trustedProxies"));
        JsonNode comps = body.get("components");
        if (comps == null || !comps.isObject()) throw HttpProblem.field("fingerprint.components", "must be an object");
        for (Map.Entry<String, JsonNode> e : comps.properties()) {
            if (!e.getValue().isTextual()) throw HttpProblem.field("fingerprint.components." + e.getKey(), "must be a string");
        }
        try {
            return FingerprintResource.policy((ObjectNode) body, engine.fingerprintPolicy());
        } catch (HttpProblem e) {
            if (e.errors().isEmpty()) throw e;
            List<FieldError> named = inFingerprint(e.errors());
            throw new HttpProblem(e.reason(), new InvalidInputException(e.reason(), named).getMessage(), named);
        } catch (InvalidInputException e) {
            throw new InvalidInputException(e.reason(), inFingerprint(e.errors()));
        }
    }

    private static List<FieldError> inFingerprint(List<FieldError> errors) {
        return errors.stream().map(f -> new FieldError("fingerprint." + f.field(), f.message())).toList();
    }

    /** The stored fingerprint mismatches since {@code from}, each with the components its detail lists. */
    private List<WhatIf.Mismatch> mismatches(long from) {
        List<WhatIf.Mismatch> out = new ArrayList<>();
        for (Event e : traffic.stored("fingerprint_mismatch", from)) {
            List<String> components = new ArrayList<>();
            try {
                for (JsonNode c : Json.MAPPER.readTree(e.detail()).path("changes")) components.add(c.path("component").asText());
            } catch (java.io.IOException ex) {
                continue; // a detail that does not parse says nothing about components
            }
            // the mismatch's call, as refused or let through then (an alert is let through)
            ReplayedCall call = RecentTraffic.call(e);
            out.add(new WhatIf.Mismatch(e.denied() ? new ReplayedCall(call.at(), call.sessionId(), call.user(), call.ip(),
                    call.method(), call.path(), "fingerprint_mismatch") : call, components));
        }
        return out;
    }

    private String userAgentOf(String sessionId) {
        Session s = engine.sessions().get(sessionId);
        return s == null || s.userAgent() == null ? "" : s.userAgent();
    }

    static Map<String, Object> view(PreviewResult r, PreviewScope scope) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("calls", r.calls());
        m.put("newlyRefused", r.newlyRefused());
        m.put("newlyAllowed", r.newlyAllowed());
        m.put("sessions", r.sessions());
        m.put("users", r.users());
        m.put("addresses", r.addresses());
        List<Map<String, Object>> examples = new ArrayList<>();
        for (PreviewResult.Example e : r.examples()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("at", e.at());
            x.put("method", e.method());
            x.put("path", e.path());
            x.put("sessionId", e.sessionId());
            x.put("user", e.user());
            x.put("ip", e.ip());
            x.put("before", e.before());
            x.put("after", e.after());
            x.put("why", e.why());
            examples.add(x);
        }
        m.put("examples", examples);
        scope.into(m);
        return m;
    }
}
