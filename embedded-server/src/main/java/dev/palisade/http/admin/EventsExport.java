package dev.palisade.http.admin;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.palisade.engine.Engine;
import dev.palisade.engine.event.Event;
import dev.palisade.engine.event.EventQuery;
import dev.palisade.engine.store.EventStore;
import dev.palisade.http.HttpProblem;
import dev.palisade.http.Json;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /admin/events/export?format=csv|json} with the filters of {@code /admin/events}: every
 * matching event, newest first, streamed a page at a time so an export of millions of rows holds
 * one page in memory. The events are those stored when the export began (pages go by id, so events
 * arriving meanwhile neither shift nor join it); {@code X-Palisade-Event-Count} says how many, for
 * a progress bar. An export whose token leaves force (an operator token revoked) breaks off at its next
 * page, as the live stream ends: a long download is no way to keep reading after a revocation.
 */
final class EventsExport extends AdminResource {

    static final String COUNT_HEADER = "X-Palisade-Event-Count";
    static final String[] COLUMNS = {"id", "at", "time", "type", "code", "check", "allowed", "status", "sessionId",
            "user", "ip", "method", "path", "costNanos", "detail", "actor", "node", "rung"};
    private static final int PAGE = EventQuery.MAX_LIMIT;

    private final Engine engine;
    private final EventStore store;

    EventsExport(Engine engine, EventStore store) {
        this.engine = engine;
        this.store = store;
    }

    @Override
    protected boolean serve(Request request, Response response, Callback callback) throws Exception {
        if (!request.getMethod().equals("GET")) throw methodNotAllowed(request);
        Query q = new Query(request);
        String format = q.text("format");
        if (!"csv".equals(format) && !"json".equals(format)) throw HttpProblem.field("format", "must be csv or json");
        EventQuery filter = EventsResource.filter(q, 0, 1);
        dev.palisade.engine.admin.Credential credential = AdminAuthHandler.credential(request);
        engine.events().awaitWritten(1_000);
        long upTo = store.lastEventId() + 1;
        long count = store.countEvents(filter.before(upTo, 1));
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, format.equals("csv") ? "text/csv; charset=utf-8" : "application/json");
        response.getHeaders().put(HttpHeader.CONTENT_DISPOSITION, "attachment; filename=\"palisade-events."
                + format + "\"");
        response.getHeaders().put(COUNT_HEADER, count);
        // closed (the answer's end) only once written whole: an export failing part-way is left open, so the
        // client's answer breaks off instead of ending as a shorter file that looks whole
        OutputStream out = new BufferedOutputStream(Content.Sink.asOutputStream(response), 64 * 1024);
        try {
            PageSource source = before -> {
                if (!credential.inForce()) throw new Revoked();
                return store.queryEvents(filter.before(before, PAGE));
            };
            if (format.equals("csv")) csv(source, upTo, out);
            else json(source, upTo, out);
        } catch (Revoked e) {
            if (response.isCommitted()) {
                callback.failed(e); // broken off as the revocation asks: nothing failed that the log should tell
                return true;
            }
            response.reset(); // revoked before its first byte left: refused as the door refuses it now
            throw new dev.palisade.engine.Denial(dev.palisade.engine.Reason.ADMIN_UNAUTHORIZED,
                    "the token was revoked as the export began");
        } catch (IOException | RuntimeException e) {
            if (!response.isCommitted()) response.reset(); // the problem goes without the download's headers
            throw e;
        }
        out.close();
        callback.succeeded();
        return true;
    }

    /** The export's token left force while it ran. */
    private static final class Revoked extends IOException {
        Revoked() {
            super("the export's token was revoked; the export breaks off");
        }
    }

    /** The matching events below an id, newest first, a page at most. */
    private interface PageSource {
        List<Event> below(long before) throws IOException;
    }

    /** Pages of events, newest first, below {@code upTo}. */
    private interface PageSink {
        void accept(List<Event> page) throws IOException;
    }

    private static void pages(PageSource source, long upTo, PageSink sink) throws IOException {
        long before = upTo;
        while (true) {
            List<Event> page = source.below(before);
            if (page.isEmpty()) return;
            sink.accept(page);
            if (page.size() < PAGE) return;
            before = page.get(page.size() - 1).id();
        }
    }

    private static void json(PageSource source, long upTo, OutputStream out) throws IOException {
        // closing the generator leaves the target open and an array a failed page left unended as it is
        try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(out)
                .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET).disable(JsonGenerator.Feature.AUTO_CLOSE_JSON_CONTENT)) {
            g.writeStartArray();
            pages(source, upTo, page -> {
                for (Event e : page) g.writeObject(Views.event(e));
            });
            g.writeEndArray();
        }
    }

    private static void csv(PageSource source, long upTo, OutputStream out) throws IOException {
        Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        w.write(String.join(",", COLUMNS));
        w.write("\r\n");
        pages(source, upTo, page -> {
            for (Event e : page) {
                Map<String, Object> v = Views.event(e);
                StringBuilder line = new StringBuilder(256);
                for (int i = 0; i < COLUMNS.length; i++) {
                    if (i > 0) line.append(',');
                    Object value = COLUMNS[i].equals("time") ? Instant.ofEpochMilli(e.at()).toString() : v.get(COLUMNS[i]);
                    line.append(value instanceof String s ? CsvCell.text(s) : String.valueOf(value));
                }
                w.write(line.append("\r\n").toString());
            }
            w.flush();
        });
        w.flush();
    }
}
