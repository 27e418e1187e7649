package dev.palisade.http.admin;

import dev.palisade.engine.admin.Actor;
import dev.palisade.http.JsonHandler;
import org.eclipse.jetty.server.Request;

/** Base of the admin endpoints: refusals challenge with the admin realm. */
abstract class AdminResource extends JsonHandler {
    @Override
    protected String realm() { return AdminAuthHandler.REALM; }

    @Override
    protected boolean tellsTheCause() { return true; }

    /** Who is calling (the owner or an operator), named in the events of the changes they make. */
    protected static Actor actor(Request request) { return AdminAuthHandler.actor(request); }

    /** A 405 naming what the path answers, as its description gives it (the door answers most 405s before this). */
    protected static dev.palisade.http.HttpProblem methodNotAllowed(Request request) {
        AdminMethods.Operations operations = AdminMethods.of(path(request));
        return methodNotAllowed(request, operations == null ? "GET" : operations.allow());
    }
}
