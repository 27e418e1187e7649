package dev.palisade.http.admin;

import dev.palisade.engine.Engine;
import dev.palisade.engine.admin.OwnerToken;
import dev.palisade.engine.store.EventStore;
import dev.palisade.metrics.PalisadeMetrics;
import dev.palisade.http.RouteTable;
import org.eclipse.jetty.http.pathmap.PathSpec;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.handler.ContextHandler;

/**
 * The admin listener's handlers, assembled in one place, all behind the door ({@link AdminAuthHandler}):
 * {@code /admin/*} and Prometheus' {@code /metrics}.
 */
public final class AdminHandlers {

    private AdminHandlers() {}

    /**
     * @param unfinishedConfig what a start stopped applying, or null when the configuration in force is whole
     *                         ({@link dev.palisade.config.UnfinishedConfig#of}): an export says so
     * @param setAtStart       what each start puts back, told by {@code GET /admin/config/governed}
     */
    public static Handler create(Engine engine, EventStore events, OwnerToken owner, AdminHosts hosts,
                                 PalisadeMetrics metrics, ClusterView cluster,
                                 java.util.function.Supplier<String> unfinishedConfig,
                                 java.util.function.Supplier<java.util.List<dev.palisade.config.SetAtStart>> setAtStart) {
        RouteTable routes = new RouteTable();
        routes.addMapping(PathSpec.from("/admin/cluster/*"), new ClusterResource(cluster));
        routes.addMapping(PathSpec.from(MetricsResource.PATH), new MetricsResource(metrics));
        routes.addMapping(PathSpec.from("/admin/sessions/*"), new SessionsResource(engine));
        routes.addMapping(PathSpec.from("/admin/events/stream"), new EventStreamHandler(engine.events()));
        routes.addMapping(PathSpec.from("/admin/events/export"), new EventsExport(engine, events));
        routes.addMapping(PathSpec.from("/admin/events/*"), new EventsResource(engine, events));
        routes.addMapping(PathSpec.from("/admin/stats/*"), new StatsResource(engine));
        routes.addMapping(PathSpec.from("/admin/price/*"), new PriceResource(engine));
        routes.addMapping(PathSpec.from("/admin/traffic/*"), new TrafficResource(engine));
        routes.addMapping(PathSpec.from("/admin/timeline/*"), new TimelineResource(engine, events));
        dev.palisade.engine.preview.RecentTraffic traffic = new dev.palisade.engine.preview.RecentTraffic(engine.recentCalls(), events,
                engine.events().node());
        routes.addMapping(PathSpec.from("/admin/preview/*"), new PreviewResource(engine, traffic, cluster));
        routes.addMapping(PathSpec.from("/admin/rules/suggestions"), new SuggestionsResource(engine, traffic, cluster));
        routes.addMapping(PathSpec.from("/admin/config/*"), new ConfigResource(engine, unfinishedConfig, setAtStart));
        routes.addMapping(PathSpec.from("/admin/alerts/*"), new AlertsResource(engine));
        routes.addMapping(PathSpec.from("/admin/keys/*"), new KeysResource(engine));
        routes.addMapping(PathSpec.from("/admin/fingerprint/*"), new FingerprintResource(engine));
        routes.addMapping(PathSpec.from("/admin/blacklist/*"), new BlacklistResource(engine));
        routes.addMapping(PathSpec.from("/admin/windows/*"), new WindowsResource(engine));
        routes.addMapping(PathSpec.from("/admin/rules/*"), new RulesResource(engine));
        routes.addMapping(PathSpec.from("/admin/routes/*"), new RoutesResource(engine));
        routes.addMapping(PathSpec.from("/admin/apikeys/*"), new ApiKeysResource(engine));
        routes.addMapping(PathSpec.from("/admin/debug-tokens/*"), new DebugTokensResource(engine));
        routes.addMapping(PathSpec.from("/admin/users/*"), new UsersResource(engine));
        routes.addMapping(PathSpec.from("/admin/operators/*"), new OperatorsResource(engine));
        routes.addMapping(PathSpec.from("/admin/owner-token/*"), new OwnerTokenResource(engine, owner));
        return new ContextHandler(new AdminAuthHandler(owner, hosts, engine, routes), "/");
    }
}
