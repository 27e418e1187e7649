package dev.palisade.http;

import dev.palisade.engine.Engine;
import dev.palisade.http.demo.DemoApiHandler;
import dev.palisade.demo.DemoRepository;
import org.eclipse.jetty.http.pathmap.PathSpec;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.server.handler.PathMappingsHandler;

/** The public listener's handlers, assembled in one place: one HTTP concern per handler. */
public final class HandlerTree {

    private HandlerTree() {}

    public static Handler api(Engine engine, DemoRepository demo) {
        ClientAddress addresses = new ClientAddress(engine::fingerprintPolicy);
        PathMappingsHandler routes = new PathMappingsHandler();
        routes.addMapping(PathSpec.from(""), new ClientPageHandler(engine.auth()));
        routes.addMapping(PathSpec.from("/auth/*"), new AuthHandler(engine.auth(), addresses));
        routes.addMapping(PathSpec.from("/api/*"), new ProtectHandler(engine, addresses,
                new DemoApiHandler(demo, engine.clock())));
        routes.addMapping(PathSpec.from("/assets/*"), new AssetHandler());
        return new ContextHandler(routes, "/");
    }
}
