package dev.palisade.http.admin;

import dev.palisade.engine.Engine;
import dev.palisade.engine.preview.RecentTraffic;
import dev.palisade.engine.preview.ReplayedCall;
import dev.palisade.engine.preview.RuleSuggestions;
import dev.palisade.engine.preview.WhatIf;
import dev.palisade.http.Responses;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /admin/rules/suggestions}: {@code requires-prior} rules learned from the call order of
 * sessions never refused in the recent traffic, each with the preview of applying it alone: as {@code POST
 * /admin/preview} answers it, over this node's calls and refusals (on a cluster, the refusals of every node only mark
 * the sessions not to learn from).
 */
final class SuggestionsResource extends AdminResource {

    private final Engine engine;
    private final RecentTraffic traffic;
    private final ClusterView cluster;

    SuggestionsResource(Engine engine, RecentTraffic traffic, ClusterView cluster) {
        this.engine = engine;
        this.traffic = traffic;
        this.cluster = cluster;
    }

    @Override
    protected boolean serve(Request request, Response response, Callback callback) throws InterruptedException {
        if (!request.getMethod().equals("GET")) throw methodNotAllowed(request);
        engine.events().awaitWritten(1_000);
        // every refusal with a session marks that session as not a model to learn from
        long now = engine.clock().millis();
        List<ReplayedCall> calls = traffic.replayAllRefusals(now);
        // each preview replays what POST /admin/preview does, not the other nodes' refusals beside this node's calls
        List<ReplayedCall> replay = null;
        PreviewScope scope = null;
        List<Map<String, Object>> out = new ArrayList<>();
        for (RuleSuggestions.Suggestion s : RuleSuggestions.suggest(calls, engine.sequenceRules())) {
            if (replay == null) {
                replay = traffic.replay(now, "sequence_violation");
                scope = PreviewScope.of(cluster, false);
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("rule", RulesResource.view(s.rule()));
            m.put("support", s.support());
            m.put("confidence", s.confidence());
            m.put("preview", PreviewResource.view(WhatIf.rules(List.of(s.rule()), replay), scope));
            out.add(m);
        }
        Responses.json(response, callback, 200, Map.of("suggestions", out));
        return true;
    }
}
