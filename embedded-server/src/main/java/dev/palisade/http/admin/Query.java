package dev.palisade.http.admin;

import dev.palisade.http.HttpProblem;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Fields;

/** Typed access to query parameters; a malformed value is a 400 naming the parameter. */
final class Query {

    private final Fields fields;

    Query(Request request) {
        this.fields = Request.extractQueryParameters(request);
    }

    String text(String name) {
        String v = fields.getValue(name);
        return v == null || v.isEmpty() ? null : v;
    }

    int integer(String name, int defaultValue, int min, int max) {
        Long v = longValue(name);
        if (v == null) return defaultValue;
        if (v < min || v > max) throw HttpProblem.field(name, "must be between " + min + " and " + max);
        return v.intValue();
    }

    Long longValue(String name) {
        String v = text(name);
        if (v == null) return null;
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw HttpProblem.field(name, "must be a whole number");
        }
    }
}
