package dev.palisade.http.proxy;

import dev.palisade.engine.Engine;
import dev.palisade.engine.config.ProxyRoutes;
import dev.palisade.engine.Reason;
import dev.palisade.http.AmbiguousPath;
import dev.palisade.http.BrokenEscapes;
import dev.palisade.http.JsonHandler;
import dev.palisade.http.Responses;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Reverse-proxy mode's routing for every path that is not Palisade's own ({@code /auth/*},
 * {@code /assets/*}): client pages get a page nonce and palisade.js, public paths pass straight to
 * the upstream, all the rest goes through the pipeline first. Read live from the configured routes.
 */
public final class UpstreamRouter extends Handler.AbstractContainer {

    private final Engine engine;
    private final Handler clientPage;
    private final Handler publicPath;
    private final Handler protectedPath;

    public UpstreamRouter(Engine engine, Handler clientPage, Handler publicPath, Handler protectedPath) {
        this.engine = engine;
        this.clientPage = clientPage;
        this.publicPath = publicPath;
        this.protectedPath = protectedPath;
        installBean(clientPage);
        installBean(publicPath);
        installBean(protectedPath);
    }

    private static boolean blankOrControl(String text) {
        if (text == null) return false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c <= ' ' || c == 0x7f) return true;
        }
        return false;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (AmbiguousPath.is(request.getHttpURI().getPath())) {
            // routed on the cleaned path, it would be forwarded as sent: refused, as a gateway's decision is
            Responses.problem(response, callback, Reason.BAD_REQUEST, "http", "the path is ambiguous (dot segments,"
                    + " encoded separators or bad escapes): it would be routed here as one path and reach the upstream as another");
            return true;
        }
        if (blankOrControl(request.getHttpURI().getPath()) || blankOrControl(request.getHttpURI().getQuery())) {
            // HTTP/2 carries the target in a field, where a space is no separator: it would reach the upstream's request
            // line raw and signed, which most app servers refuse after the call's nonce was spent (the decision refuses it too)
            Responses.problem(response, callback, Reason.BAD_REQUEST, "http", "the target holds a space or a control"
                    + " character: percent-encode it (a space as %20)");
            return true;
        }
        if (BrokenEscapes.in(request.getHttpURI().getQuery())) {
            Responses.problem(response, callback, Reason.BAD_REQUEST, "http", "the query has a % that is not followed"
                    + " by two hex digits (write a % itself as %25)");
            return true;
        }
        ProxyRoutes routes = engine.proxyRoutes();
        String path = JsonHandler.path(request);
        if (routes.isClientPage(path)) return clientPage.handle(request, response, callback);
        if (routes.isPublic(path)) return publicPath.handle(request, response, callback);
        return protectedPath.handle(request, response, callback);
    }

    @Override
    public java.util.List<Handler> getHandlers() {
        return java.util.List.of(clientPage, publicPath, protectedPath);
    }
}
