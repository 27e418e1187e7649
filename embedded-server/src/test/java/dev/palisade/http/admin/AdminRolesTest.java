package dev.palisade.http.admin;

import dev.palisade.engine.admin.Role;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Which role may make which admin call. */
class AdminRolesTest {

    @ParameterizedTest(name = "{0} {1} {2} -> {3}")
    @CsvSource({
            "OWNER,    PUT,    /admin/config,                 true",
            "OWNER,    POST,   /admin/operators,              true",
            "OWNER,    DELETE, /admin/operators/abc,          true",
            "OWNER,    POST,   /admin/owner-token/rotate,     true",
            "OPERATOR, PUT,    /admin/config,                 true",
            "OPERATOR, DELETE, /admin/sessions/abc,           true",
            "OPERATOR, GET,    /admin/operators,              false",
            "OPERATOR, POST,   /admin/operators,              false",
            "OPERATOR, DELETE, /admin/operators/abc,          false",
            "OPERATOR, POST,   /admin/owner-token/rotate,     false",
            "VIEWER,   GET,    /admin/config,                 true",
            "VIEWER,   HEAD,   /admin/sessions,               true",
            "VIEWER,   GET,    /admin/events/stream,          true",
            "VIEWER,   PUT,    /admin/config,                 false",
            "VIEWER,   POST,   /admin/keys/rotate,            false",
            "VIEWER,   DELETE, /admin/sessions/abc,           false",
            "VIEWER,   PATCH,  /admin/config,                 false",
            "VIEWER,   OPTIONS, /admin/config,                false",
            "VIEWER,   GET,    /admin/operators,              false",
    })
    void permits(Role role, String method, String path, boolean allowed) {
        assertThat(AdminRoles.permits(role, method, path)).isEqualTo(allowed);
    }
}
