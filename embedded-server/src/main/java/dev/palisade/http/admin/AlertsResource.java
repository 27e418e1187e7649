package dev.palisade.http.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.palisade.engine.Engine;
import dev.palisade.engine.FieldError;
import dev.palisade.engine.InvalidInputException;
import dev.palisade.engine.Reason;
import dev.palisade.engine.alert.AlertSettings;
import dev.palisade.http.Bodies;
import dev.palisade.http.Responses;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code GET/PUT /admin/alerts}: when the server raises an {@code alert} event, {@code {"deniedPerMinute":100,
 * "automationSuspected":true,"ipAutoBlocked":true,"loginsPerUserPer10Minutes":50}}. PUT is partial (the members sent change, the others stay),
 * validated whole (400 {@code invalid_config} naming each bad member; nothing changes), live and persisted.
 */
final class AlertsResource extends AdminResource {

    private final Engine engine;

    AlertsResource(Engine engine) {
        this.engine = engine;
    }

    @Override
    protected boolean serve(Request request, Response response, Callback callback) {
        if (!below(request, "/admin/alerts").isEmpty()) return false;
        switch (request.getMethod()) {
            case "GET" -> Responses.json(response, callback, 200, engine.alerts().get().shown());
            case "PUT" -> {
                Change change = change(Bodies.jsonObject(request, 4 * 1024));
                Responses.json(response, callback, 200, engine.alerts().update(change::applyTo, actor(request)).shown());
            }
            default -> throw methodNotAllowed(request);
        }
        return true;
    }

    /** The members a PUT sent, each null when absent. */
    private record Change(Integer deniedPerMinute, Boolean automationSuspected, Boolean ipAutoBlocked,
                          Integer loginsPerUser, Boolean loginsBusy) {
        AlertSettings applyTo(AlertSettings s) {
            return new AlertSettings(deniedPerMinute == null ? s.deniedPerMinute() : deniedPerMinute,
                    automationSuspected == null ? s.automationSuspected() : automationSuspected,
                    ipAutoBlocked == null ? s.ipAutoBlocked() : ipAutoBlocked,
                    loginsPerUser == null ? s.loginsPerUserPer10Minutes() : loginsPerUser,
                    loginsBusy == null ? s.loginsBusy() : loginsBusy);
        }
    }

    private static Change change(ObjectNode body) {
        Integer denied = null;
        Boolean automation = null;
        Boolean blocked = null;
        Integer logins = null;
        Boolean busy = null;
        List<FieldError> errors = new ArrayList<>();
        for (Map.Entry<String, JsonNode> member : body.properties()) {
            String name = member.getKey();
            JsonNode v = member.getValue();
            switch (name) {
                case AlertSettings.DENIED_PER_MINUTE -> denied = count(name, v, AlertSettings.MAX_DENIED_PER_MINUTE, errors);
                case AlertSettings.LOGINS_PER_USER -> logins = count(name, v, AlertSettings.MAX_LOGINS_PER_USER, errors);
                case AlertSettings.AUTOMATION_SUSPECTED -> automation = bool(name, v, errors);
                case AlertSettings.IP_AUTO_BLOCKED -> blocked = bool(name, v, errors);
                case AlertSettings.LOGINS_BUSY -> busy = bool(name, v, errors);
                default -> errors.add(new FieldError(name, "unknown setting (" + String.join(", ",
                        AlertSettings.DEFAULTS.shown().keySet()) + ")"));
            }
        }
        if (!errors.isEmpty()) throw new InvalidInputException(Reason.INVALID_CONFIG, errors);
        return new Change(denied, automation, blocked, logins, busy);
    }

    /** true or false; anything else is a field error and null. */
    private static Boolean bool(String name, JsonNode v, List<FieldError> errors) {
        if (v.isBoolean()) return v.booleanValue();
        errors.add(new FieldError(name, "must be true or false"));
        return null;
    }

    /** A whole number from 0 (off) to {@code max}; anything else is a field error and null. */
    private static Integer count(String name, JsonNode v, int max, List<FieldError> errors) {
        if (v.isIntegralNumber() && v.canConvertToInt() && v.intValue() >= 0 && v.intValue() <= max) return v.intValue();
        errors.add(new FieldError(name, "must be a whole number from 0 (off) to " + max));
        return null;
    }
}
