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
 * can ever be served. Each has a strong {@code ETag} (a hash of its bytes): {@code no-cache} asks a
 * browser to revalidate, which without a validator meant fetching all ~200 KB again at every page load,
 * on a slow phone inside the bootstrap window (audit 50); a copy still good is answered 304.
 */
public final class AssetHandler extends JsonHandler {

    private record Asset(byte[] bytes, String type, String etag) {}

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
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
        response.getHeaders().put(HttpHeader.ETAG, asset.etag());
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        if (unchanged(request.getHeaders().getValuesList(HttpHeader.IF_NONE_MATCH), asset.etag())) {
            response.setStatus(304);
            callback.succeeded();
            return true;
        }
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, asset.type());
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, asset.bytes().length);
        response.write(true, head ? null : ByteBuffer.wrap(asset.bytes()), callback);
        return true;
    }

    /** Whether If-None-Match names the asset's tag (RFC 9110 13.1.2: a weak comparison, {@code *} for any). */
    static boolean unchanged(java.util.List<String> ifNoneMatch, String etag) {
        for (String header : ifNoneMatch) {
            for (String tag : header.split(",")) {
                String t = tag.strip();
                if (t.startsWith("W/")) t = t.substring(2);
                if (t.equals("*") || t.equals(etag)) return true;
            }
        }
        return false;
    }

    private static Asset load(String name, String type) {
        String resource = "/web/" + name;
        try (InputStream in = AssetHandler.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("missing resource " + resource);
            byte[] bytes = in.readAllBytes();
            byte[] hash = java.security.MessageDigest.getInstance("SHA-256").digest(bytes);
            String etag = "\"" + java.util.Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(java.util.Arrays.copyOf(hash, 16)) + "\"";
            return new Asset(bytes, type, etag);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
