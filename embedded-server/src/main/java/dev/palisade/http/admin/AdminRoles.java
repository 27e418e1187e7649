package dev.palisade.http.admin;

import dev.palisade.engine.admin.Role;
import org.eclipse.jetty.http.HttpMethod;

/**
 * Which admin calls each role may make: the owner every one; an operator every one except managing
 * operators and the owner's token; a viewer only reads ({@code GET}, {@code HEAD}, the event
 * stream), and not the operator list.
 */
final class AdminRoles {

    /** Paths only the owner may call, whatever the method. */
    private static final String[] OWNER_ONLY = {"/admin/operators", "/admin/owner-token"};

    private AdminRoles() {}

    static boolean permits(Role role, String method, String path) {
        if (role == Role.OWNER) return true;
        for (String prefix : OWNER_ONLY) {
            if (path.equals(prefix) || path.startsWith(prefix + "/")) return false;
        }
        return role.mayChange() || HttpMethod.GET.is(method) || HttpMethod.HEAD.is(method);
    }
}
