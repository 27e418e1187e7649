package dev.palisade.http.demo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.palisade.demo.DemoRepository;
import dev.palisade.demo.Note;
import dev.palisade.demo.Order;
import dev.palisade.engine.Reason;
import dev.palisade.http.Bodies;
import dev.palisade.http.HttpProblem;
import dev.palisade.http.Json;
import dev.palisade.http.JsonHandler;
import dev.palisade.http.ProtectHandler;
import dev.palisade.http.Responses;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.time.Clock;
import java.util.Map;

/**
 * The built-in demo API behind the pipeline: notes CRUD, a cart and orders, enough for the demo
 * client and for business rules. Every row belongs to the calling principal.
 */
public final class DemoApiHandler extends JsonHandler {

    private static final int MAX_BODY = 64 * 1024;
    private static final int MAX_TITLE = 200;
    private static final int MAX_NOTE = 10_000;

    private final DemoRepository data;
    private final Clock clock;

    public DemoApiHandler(DemoRepository data, Clock clock) {
        this.data = data;
        this.clock = clock;
    }

    @Override
    protected boolean serve(Request request, Response response, Callback callback) {
        String owner = (String) request.getAttribute(ProtectHandler.PRINCIPAL);
        if (owner == null) throw new IllegalStateException("the demo API was reached without the pipeline");
        String path = JsonHandler.path(request);
        // a HEAD is its GET without content (Jetty writes none): what the GET answers, a HEAD does too
        String method = request.getMethod().equals("HEAD") ? "GET" : request.getMethod();
        if (path.equals("/api/notes")) return notes(method, owner, request, response, callback);
        if (path.startsWith("/api/notes/")) return note(method, owner, path.substring(11), request, response, callback);
        if (path.equals("/api/cart")) return cart(method, owner, request, response, callback);
        if (path.equals("/api/orders")) return orders(method, owner, response, callback, request);
        if (path.startsWith("/api/orders/")) return order(method, owner, path.substring(12), response, callback, request);
        return false;
    }

    private boolean notes(String method, String owner, Request request, Response response, Callback callback) {
        switch (method) {
            case "GET" -> Responses.json(response, callback, 200, Map.of("items", data.notes(owner)));
            case "POST" -> {
                ObjectNode body = Bodies.jsonObject(request, MAX_BODY);
                Note note = data.addNote(owner, title(body), noteBody(body), clock.millis());
                response.getHeaders().put("Location", "/api/notes/" + note.id());
                Responses.json(response, callback, 201, note);
            }
            default -> throw methodNotAllowed(request, "GET, HEAD, POST");
        }
        return true;
    }

    private boolean note(String method, String owner, String idText, Request request, Response response,
                         Callback callback) {
        long id = parseId(idText, "note");
        switch (method) {
            case "GET" -> Responses.json(response, callback, 200, data.note(owner, id).orElseThrow(() -> missing(id, "note")));
            case "PUT" -> {
                ObjectNode body = Bodies.jsonObject(request, MAX_BODY);
                Note note = data.updateNote(owner, id, title(body), noteBody(body), clock.millis())
                        .orElseThrow(() -> missing(id, "note"));
                Responses.json(response, callback, 200, note);
            }
            case "DELETE" -> {
                if (!data.deleteNote(owner, id)) throw missing(id, "note");
                Responses.noContent(response, callback);
            }
            default -> throw methodNotAllowed(request, "GET, HEAD, PUT, DELETE");
        }
        return true;
    }

    private boolean cart(String method, String owner, Request request, Response response, Callback callback) {
        switch (method) {
            case "GET" -> Responses.json(response, callback, 200, Map.of("items", data.cart(owner)));
            case "POST" -> {
                ObjectNode body = Bodies.jsonObject(request, MAX_BODY);
                String item = Json.text(body, "item").strip();
                if (item.isEmpty() || item.length() > MAX_TITLE) {
                    throw HttpProblem.field("item", "1–" + MAX_TITLE + " characters");
                }
                Long quantity = Json.optLong(body, "quantity");
                long q = quantity == null ? 1 : quantity;
                if (q < 1 || q > 1_000) throw HttpProblem.field("quantity", "must be between 1 and 1000");
                Responses.json(response, callback, 200, Map.of("items", data.addToCart(owner, item, (int) q)));
            }
            default -> throw methodNotAllowed(request, "GET, HEAD, POST");
        }
        return true;
    }

    private boolean orders(String method, String owner, Response response, Callback callback, Request request) {
        switch (method) {
            case "GET" -> Responses.json(response, callback, 200, Map.of("items", data.orders(owner)));
            case "POST" -> {
                Order order = data.placeOrder(owner, clock.millis()).orElseThrow(() ->
                        new HttpProblem(Reason.CONFLICT, "the cart is empty; add items with POST /api/cart first"));
                response.getHeaders().put("Location", "/api/orders/" + order.id());
                Responses.json(response, callback, 201, order);
            }
            default -> throw methodNotAllowed(request, "GET, HEAD, POST");
        }
        return true;
    }

    private boolean order(String method, String owner, String idText, Response response, Callback callback,
                          Request request) {
        long id = parseId(idText, "order");
        if (!method.equals("GET")) throw methodNotAllowed(request, "GET, HEAD");
        Order order = data.orders(owner).stream().filter(o -> o.id() == id).findFirst().orElseThrow(() -> missing(id, "order"));
        Responses.json(response, callback, 200, order);
        return true;
    }

    private static String title(ObjectNode body) {
        String title = Json.text(body, "title").strip();
        if (title.isEmpty() || title.length() > MAX_TITLE) throw HttpProblem.field("title", "1–" + MAX_TITLE + " characters");
        return title;
    }

    private static String noteBody(ObjectNode body) {
        String text = Json.optText(body, "body");
        if (text == null) return "";
        if (text.length() > MAX_NOTE) throw HttpProblem.field("body", "at most " + MAX_NOTE + " characters");
        return text;
    }

    /** A note's id as the API writes it, so that one note has one path: "+7", "007" and other scripts' digits are none. */
    private static long parseId(String text, String what) {
        boolean canonical = !text.isEmpty() && text.length() <= 19 && text.charAt(0) != '0';
        for (int i = 0; canonical && i < text.length(); i++) canonical = text.charAt(i) >= '0' && text.charAt(i) <= '9';
        if (!canonical) throw HttpProblem.notFound("no " + what + " " + text);
        try {
            long id = Long.parseLong(text);
            if (id > 0) return id;
        } catch (NumberFormatException ignored) {
            // falls through to the 404 below: an id that cannot exist
        }
        throw HttpProblem.notFound("no " + what + " " + text);
    }

    private static HttpProblem missing(long id, String what) {
        return HttpProblem.notFound("no " + what + " " + id);
    }
}
