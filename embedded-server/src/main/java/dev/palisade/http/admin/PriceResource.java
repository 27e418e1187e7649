package dev.palisade.http.admin;

import dev.palisade.engine.Engine;
import dev.palisade.engine.bootstrap.WorkDifficulty;
import dev.palisade.http.HttpProblem;
import dev.palisade.http.Responses;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /admin/price?ip=}: the work a client page served to an address asks now, and which of its record's terms
 * raised it (console audit 59: the one rung whose cost follows the caller's conduct was shown nowhere).
 */
final class PriceResource extends AdminResource {

    private final Engine engine;

    PriceResource(Engine engine) {
        this.engine = engine;
    }

    @Override
    protected boolean serve(Request request, Response response, Callback callback) {
        if (!below(request, "/admin/price").isEmpty()) return false;
        if (!request.getMethod().equals("GET")) throw methodNotAllowed(request);
        String ip = new Query(request).address("ip");
        if (ip == null) throw HttpProblem.field("ip", "is required: the address whose price to tell");
        WorkDifficulty.Price price = engine.priceFor(ip);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ip", ip);
        body.put("bits", price.bits());
        body.put("addressBits", price.addressBits());
        body.put("puzzles", price.puzzles());
        body.put("base", price.base());
        List<Map<String, Object>> terms = new ArrayList<>();
        for (WorkDifficulty.Price.Term t : price.terms()) {
            Map<String, Object> term = new LinkedHashMap<>();
            term.put("name", t.name());
            term.put("count", t.count());
            term.put("bits", t.bits());
            terms.add(term);
        }
        body.put("terms", terms);
        Responses.json(response, callback, 200, body);
        return true;
    }
}
