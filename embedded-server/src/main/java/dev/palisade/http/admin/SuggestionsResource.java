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
 * sessions never refused in the recent traffic, each with the preview of applying it alone.
 */
final class SuggestionsResource extends AdminResource {

    private final Engine engine;
    private final RecentTraffic traffic;

    SuggestionsResource(Engine engine, RecentTraffic traffic) {
        this.engine = engine;
        this.traffic = traffic;
    }

    @Override
    protected boolean serve(Request request, Response response, Callback callback) throws InterruptedException {
        if (!request.getMethod().equals("GET")) throw methodNotAllowed(request);
        engine.events().awaitWritten(1_000);
        // every refusal with a session marks that session as not a model to learn from
        List<ReplayedCall> calls = traffic.replayAllRefusals(engine.clock().millis());
        List<Map<String, Object>> out = new ArrayList<>();
        for (RuleSuggestions.Suggestion s : RuleSuggestions.suggest(calls, engine.sequenceRules())) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("rule", RulesResource.view(s.rule()));
            m.put("support", s.support());
            m.put("confidence", s.confidence());
            m.put("preview", PreviewResource.view(WhatIf.rules(List.of(s.rule()), calls)));
            out.add(m);
        }
        Responses.json(response, callback, 200, Map.of("suggestions", out));
        return true;
    }
}
