package dev.palisade.http.decide;

import dev.palisade.engine.signature.SignedMessage;
import org.eclipse.jetty.server.Request;

/**
 * The client's call as RFC 9421 sees it, rebuilt from a gateway's decision request: method,
 * authority, path and query from {@link ForwardedCall}, every other field as the gateway copied it.
 */
final class ForwardedWire implements SignedMessage {

    private final Request request;
    private final ForwardedCall call;

    ForwardedWire(Request request, ForwardedCall call) {
        this.request = request;
        this.call = call;
    }

    @Override
    public String method() { return call.method(); }

    @Override
    public String authority() { return call.authority(); }

    @Override
    public String path() {
        String p = call.uri().getPath();
        return p == null || p.isEmpty() ? "/" : p;
    }

    @Override
    public String query() { return call.uri().getQuery(); }

    @Override
    public String header(String name) { return dev.palisade.http.WireRequest.field(request.getHeaders(), name); }
}
