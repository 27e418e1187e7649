package dev.palisade.http;

import dev.palisade.engine.Engine;
import dev.palisade.http.demo.DemoApiHandler;
import dev.palisade.demo.DemoRepository;
import org.eclipse.jetty.http.pathmap.PathSpec;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.handler.ContextHandler;

/** The public listener's handlers, assembled in one place: one HTTP concern per handler. */
public final class HandlerTree {

    private HandlerTree() {}

    public static Handler api(Engine engine, DemoRepository demo) {
        return api(engine, demo, null, null, null, 0, false);
    }

    /**
     * @param upstream    the user's own API to protect, or null for the built-in demo API
     * @param upstreamKey the key the upstream checks X-Palisade-Signature with
     * @param ownHsts     whether the listener sends {@code --hsts}'s Strict-Transport-Security, which the
     *                    upstream's own then does not replace
     */
    public static Handler api(Engine engine, DemoRepository demo, java.net.URI upstream, byte[] upstreamKey,
                              java.time.Duration timeout, int connections, boolean ownHsts) {
        ClientAddress addresses = new ClientAddress(engine::fingerprintPolicy);
        RouteTable routes = new RouteTable();
        if (upstream != null) {
            // every upstream path is protected but the client page, /auth/*, Palisade's own assets and /_palisade/*
            routes.addMapping(PathSpec.from(HealthHandler.PREFIX + "/*"), new HealthHandler(engine));
            routes.addMapping(PathSpec.from("/auth/*"), new AuthHandler(engine, addresses));
            routes.addMapping(PathSpec.from("/assets/challenge/*"), new ChallengeScriptHandler(engine.auth()));
            routes.addMapping(PathSpec.from("/assets/*"), new AssetHandler());
            routes.addMapping(PathSpec.from("/"), new dev.palisade.http.proxy.UpstreamRouter(engine,
                    new dev.palisade.http.proxy.UpstreamPageHandler(upstream, engine, upstreamKey, timeout, connections, ownHsts),
                    new dev.palisade.http.proxy.UpstreamProxy(upstream, engine, upstreamKey, timeout, connections, ownHsts),
                    new ProtectHandler(engine, addresses, new dev.palisade.http.proxy.UpstreamProxy(upstream, engine,
                            upstreamKey, timeout, connections, ownHsts))));
            return new ContextHandler(routes, "/");
        }
        routes.addMapping(PathSpec.from(""), new ClientPageHandler(engine.auth(), addresses));
        routes.addMapping(PathSpec.from(HealthHandler.PREFIX + "/*"), new HealthHandler(engine));
        routes.addMapping(PathSpec.from("/auth/*"), new AuthHandler(engine, addresses));
        routes.addMapping(PathSpec.from("/assets/challenge/*"), new ChallengeScriptHandler(engine.auth()));
        routes.addMapping(PathSpec.from("/api/*"), new ProtectHandler(engine, addresses,
                new DemoApiHandler(demo, engine.clock())));
        routes.addMapping(PathSpec.from("/assets/*"), new AssetHandler());
        return new ContextHandler(routes, "/");
    }
}
