package dev.palisade.http;

import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Sends each request to the handler tree of the listener it arrived on, so the admin API is
 * unreachable from the public port even if both bind to the same interface; the same holds for the
 * gateway's decision listener when there is one.
 */
public final class ListenerRouter extends Handler.AbstractContainer {

    private final Connector adminConnector;
    private final Handler api;
    private final Handler admin;
    private final Connector decideConnector;
    private final Handler decide;

    public ListenerRouter(Connector adminConnector, Handler api, Handler admin) {
        this(adminConnector, api, admin, null, null);
    }

    /** With a decision listener: {@code decide} answers every request that arrives on {@code decideConnector}. */
    public ListenerRouter(Connector adminConnector, Handler api, Handler admin, Connector decideConnector, Handler decide) {
        this.adminConnector = adminConnector;
        this.api = api;
        this.admin = admin;
        this.decideConnector = decideConnector;
        this.decide = decide;
        installBean(api);
        installBean(admin);
        if (decide != null) installBean(decide);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        Connector on = request.getConnectionMetaData().getConnector();
        Handler target = on == adminConnector ? admin : decide != null && on == decideConnector ? decide : api;
        return target.handle(request, response, callback);
    }

    @Override
    public java.util.List<Handler> getHandlers() {
        return decide == null ? java.util.List.of(api, admin) : java.util.List.of(api, admin, decide);
    }
}
