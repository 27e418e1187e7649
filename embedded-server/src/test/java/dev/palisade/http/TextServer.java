package dev.palisade.http;

import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

import java.util.function.Function;

/** A bare Jetty server on a loopback port that answers each request with the text {@code answer} makes of it. */
final class TextServer implements AutoCloseable {

    private final Server server = new Server();
    private final String url;

    TextServer(Function<Request, String> answer) throws Exception {
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, org.eclipse.jetty.server.Response response, Callback callback) {
                Content.Sink.write(response, true, answer.apply(request), callback);
                return true;
            }
        });
        server.start();
        url = "http://127.0.0.1:" + connector.getLocalPort() + "/";
    }

    String url() { return url; }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
