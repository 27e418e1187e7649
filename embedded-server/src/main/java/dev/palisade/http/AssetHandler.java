package dev.palisade.http;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Map;

/**
 * {@code /assets/*}: palisade.js, the demo app, its stylesheet and the vendored libraries with their
 * licences, read once from the classpath into memory. A fixed list, so nothing else on the classpath
 * can ever be served.
 */
public final class AssetHandler extends JsonHandler {

    private record Asset(byte[] bytes, String type) {}

    private final Map<String, Asset> assets;

    public AssetHandler() {
        String js = "text/javascript; charset=utf-8";
        String text = "text/plain; charset=utf-8";
        assets = Map.ofEntries(
                Map.entry("/assets/palisade.js", load("assets/palisade.js", js)),
                Map.entry("/assets/palisade-work.js", load("assets/palisade-work.js", js)),
                Map.entry("/assets/client.js", load("assets/client.js", js)),
                Map.entry("/assets/client.css", load("assets/client.css", "text/css; charset=utf-8")),
                Map.entry("/assets/vendor/jquery-3.7.1.min.js", load("vendor/jquery-3.7.1.min.js", js)),
                Map.entry("/assets/vendor/underscore-1.13.7.min.js", load("vendor/underscore-1.13.7.min.js", js)),
                Map.entry("/assets/vendor/backbone-1.6.0.min.js", load("vendor/backbone-1.6.0.min.js", js)),
                Map.entry("/assets/vendor/LICENSE-jquery.txt", load("vendor/LICENSE-jquery.txt", text)),
                Map.entry("/assets/vendor/LICENSE-underscore.txt", load("vendor/LICENSE-underscore.txt", text)),
                Map.entry("/assets/vendor/LICENSE-backbone.txt", load("vendor/LICENSE-backbone.txt", text)));
    }

    @Override
    protected boolean serve(Request request, Response response, Callback callback) {
        Asset asset = assets.get(JsonHandler.path(request));
        if (asset == null) return false;
        boolean head = HttpMethod.HEAD.is(request.getMethod());
        if (!head && !HttpMethod.GET.is(request.getMethod())) throw methodNotAllowed(request, "GET, HEAD");
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, asset.type());
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, asset.bytes().length);
        response.write(true, head ? null : ByteBuffer.wrap(asset.bytes()), callback);
        return true;
    }

    private static Asset load(String name, String type) {
        String resource = "/web/" + name;
        try (InputStream in = AssetHandler.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("missing resource " + resource);
            return new Asset(in.readAllBytes(), type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
