package dev.palisade.http;

import org.eclipse.jetty.http.pathmap.PathSpec;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.handler.PathMappingsHandler;

import java.util.ArrayList;
import java.util.List;

/**
 * Jetty's {@link PathMappingsHandler} that also says which path specs it maps, so the routes a
 * listener really registers can be compared with those its OpenAPI description documents.
 */
public final class RouteTable extends PathMappingsHandler {

    private final List<String> specs = new ArrayList<>();

    @Override
    public void addMapping(PathSpec pathSpec, Handler handler) {
        super.addMapping(pathSpec, handler);
        specs.add(pathSpec.getDeclaration());
    }

    /** The declarations of the mapped path specs ({@code /admin/users/*}, {@code /auth/*}, …), in the order added. */
    public List<String> specs() { return List.copyOf(specs); }
}
