package dev.palisade.http.admin;

import dev.palisade.metrics.PalisadeMetrics;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

/**
 * {@code GET /metrics}: every metric in Prometheus' text format, for a scraper holding any admin token
 * (a viewer's is enough). Outside {@code /admin/*} where Prometheus looks by default, but behind the
 * same door: no token is a 401 problem like every other admin path.
 */
final class MetricsResource extends AdminResource {

    static final String PATH = "/metrics";

    private final PalisadeMetrics metrics;

    MetricsResource(PalisadeMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    protected boolean serve(Request request, Response response, Callback callback) throws Exception {
        if (!path(request).equals(PATH)) return false;
        boolean head = HttpMethod.HEAD.is(request.getMethod());
        if (!head && !HttpMethod.GET.is(request.getMethod())) throw methodNotAllowed(request);
        ByteArrayOutputStream text = new ByteArrayOutputStream(16 * 1024);
        metrics.scrape(text);
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, metrics.contentType());
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, text.size());
        response.write(true, head ? null : ByteBuffer.wrap(text.toByteArray()), callback);
        return true;
    }
}
