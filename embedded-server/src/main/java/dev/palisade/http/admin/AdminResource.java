package dev.palisade.http.admin;

import dev.palisade.http.JsonHandler;

/** Base of the admin endpoints: refusals challenge with the admin realm. */
abstract class AdminResource extends JsonHandler {
    @Override
    protected String realm() { return AdminAuthHandler.REALM; }
}
