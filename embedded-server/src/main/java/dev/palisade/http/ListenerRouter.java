package dev.palisade.http;

import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Sends each request to the handler tree of the listener it arrived on, so the admin API is
 * unreachable from the public port even if both bind to the same interface.
 */
public final class ListenerRouter extends Handler.AbstractContainer {

    private final Connector adminConnector;
    private final Handler api;
    private final Handler admin;

    public ListenerRouter(Connector adminConnector, Handler api, Handler admin) {
        this.adminConnector = adminConnector;
        this.api = api;
        this.admin = admin;
        installBean(api);
        installBean(admin);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        Handler target = request.getConnectionMetaData().getConnector() == adminConnector ? admin : api;
        return target.handle(request, response, callback);
    }

    @Override
    public java.util.List<Handler> getHandlers() {
        return java.util.List.of(api, admin);
    }
}
