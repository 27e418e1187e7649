package dev.palisade.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.palisade.engine.Engine;
import dev.palisade.engine.FieldError;
import dev.palisade.engine.InvalidInputException;
import dev.palisade.engine.Operator;
import dev.palisade.engine.admin.Actor;
import dev.palisade.engine.auth.UserDirectory;
import dev.palisade.engine.blacklist.Blacklist;
import dev.palisade.engine.blacklist.BlacklistEntry;
import dev.palisade.engine.config.ProxyRoutes;
import dev.palisade.engine.fingerprint.FingerprintPolicy;
import dev.palisade.engine.rate.RateWindow;
import dev.palisade.engine.sequence.SequenceRule;
import dev.palisade.engine.sequence.SequenceRules;
import dev.palisade.http.HttpProblem;
import dev.palisade.http.Json;
import dev.palisade.http.admin.AdminDocuments;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * What a configuration file asks for, checked whole before anything is applied: every problem in
 * every section is reported with its line, and only a file without any is applied. Each section
 * present replaces what is in force (routes, settings named, rate windows, sequence rules,
 * fingerprint policy); blacklist entries and users are added when missing, never removed.
 */
public final class ConfigPlan {

    static final Set<String> SECTIONS = Set.of("routes", "settings", "windows", "rules", "fingerprint", "blacklist", "users");

    /**
     * A user to create when missing, and to disable or enable when the file says so (null: as it is).
     * The password comes from the environment or a file, never the document; null when none is given
     * (an existing user keeps theirs, a new disabled one gets a random one until an operator sets one).
     */
    record NewUser(String name, char[] password, Boolean disabled) {}

    private ProxyRoutes routes;
    private Map<String, Long> settings;
    private List<RateWindow> windows;
    private List<SequenceRule> rules;
    private FingerprintPolicy fingerprint;
    private final List<BlacklistEntry> blacklist = new ArrayList<>();
    private final List<NewUser> users = new ArrayList<>();
    /** Where each user's password comes from (a variable, a file) → the user: one source, one user. */
    private final Map<String, String> passwordSources = new java.util.HashMap<>();

    private ConfigPlan() {}

    /**
     * @param env the environment passwords are read from
     * @throws ConfigException listing every problem, each as {@code file:line: field: message}
     */
    public static ConfigPlan check(ConfigFile file, Engine engine, Map<String, String> env) {
        ConfigPlan plan = new ConfigPlan();
        List<FieldError> errors = new ArrayList<>();
        JsonNode root = file.root();
        root.fieldNames().forEachRemaining(name -> {
            if (!SECTIONS.contains(name)) {
                errors.add(new FieldError(name, "not a section; the sections are " + String.join(", ", SECTIONS.stream().sorted().toList())));
            }
        });
        section(root, "routes", errors, n -> plan.routes = AdminDocuments.routes(object(n, "routes")), "routes.");
        section(root, "settings", errors, n -> plan.settings = settings(object(n, "settings"), engine), "settings.");
        // the section replaces the policy in force: what it leaves out is the default, not what was set live
        section(root, "fingerprint", errors, n -> plan.fingerprint = AdminDocuments.fingerprint(object(n, "fingerprint"),
                dev.palisade.engine.fingerprint.FingerprintPolicy.defaults()), "fingerprint.");
        section(root, "windows", errors, n -> plan.windows = RateWindow.validate(items(n, "windows", errors,
                (item, at) -> AdminDocuments.window(item, at))), "");
        section(root, "rules", errors, n -> plan.rules = SequenceRules.validate(items(n, "rules", errors,
                (item, at) -> AdminDocuments.rule(item, at + "."))), "");
        section(root, "blacklist", errors, n -> plan.blacklist.addAll(items(n, "blacklist", errors, (item, at) -> {
            BlacklistEntry e = entry(item, at);
            String problem = engine.blacklist().problem(e);
            if (problem != null) throw InvalidInputException.of(at, problem);
            return e;
        })), "");
        section(root, "users", errors, n -> items(n, "users", errors, (item, at) -> {
            plan.user(item, at, engine, env, file.path());
            return at;
        }), "");
        if (!errors.isEmpty()) {
            throw new ConfigException(errors.stream().map(e -> file.path() + ":" + file.lineOf(e.field()) + ": " + e.field() + ": "
                    + e.message()).toList());
        }
        return plan;
    }

    /**
     * What a single server's start puts back with this plan, each time it starts ({@code by}: how the file was given):
     * the sections it replaces and the settings it names. Blacklist entries and users are only added, never put back.
     */
    public List<SetAtStart> setAtStart(String by) {
        List<SetAtStart> out = new ArrayList<>();
        if (routes != null) out.add(new SetAtStart("routes", null, by));
        if (settings != null) settings.keySet().forEach(key -> out.add(new SetAtStart("settings", key, by)));
        if (windows != null) out.add(new SetAtStart("windows", null, by));
        if (rules != null) out.add(new SetAtStart("rules", null, by));
        if (fingerprint != null) out.add(new SetAtStart("fingerprint", null, by));
        return out;
    }

    /** Applies the plan as the owner, section by section (each audited as the admin API's change would be). */
    public void apply(Engine engine) {
        Operator owner = engine.operator(Actor.OWNER);
        if (routes != null) owner.updateProxyRoutes(routes);
        if (settings != null && !settings.isEmpty()) owner.updateSettings(settings);
        if (windows != null) owner.updateRateWindows(windows);
        if (rules != null) owner.updateSequenceRules(rules);
        if (fingerprint != null) owner.updateFingerprintPolicy(fingerprint);
        if (!blacklist.isEmpty()) {
            List<BlacklistEntry> missing = engine.blacklist().notHeld(blacklist);
            if (!missing.isEmpty()) owner.blacklist(missing);
        }
        for (NewUser u : users) {
            if (!engine.users().exists(u.name())) {
                char[] password = u.password() != null ? u.password()
                        : dev.palisade.engine.Secrets.base64Url(dev.palisade.engine.Secrets.randomBytes(24)).toCharArray();
                owner.createUser(u.name(), password);
                java.util.Arrays.fill(password, '\0');
            }
            if (u.disabled() != null && engine.users().get(u.name()).disabled() != u.disabled()) {
                owner.updateUser(u.name(), null, u.disabled());
            }
            if (u.password() != null) java.util.Arrays.fill(u.password(), '\0');
        }
    }

    private interface Item<T> {
        T read(JsonNode item, String at);
    }

    private interface Section {
        void read(JsonNode node);
    }

    /**
     * The settings the section changes, checked as the admin API checks them (nothing is applied yet);
     * an unknown or mistyped setting does not hide another's value out of range: all are told at once.
     */
    private static Map<String, Long> settings(com.fasterxml.jackson.databind.node.ObjectNode given, Engine engine) {
        List<FieldError> found = new ArrayList<>();
        Map<String, Long> changes;
        try {
            changes = AdminDocuments.settingChanges(given);
        } catch (InvalidInputException e) {
            found.addAll(e.errors());
            com.fasterxml.jackson.databind.node.ObjectNode rest = given.deepCopy();
            for (FieldError f : e.errors()) rest.remove(f.field());
            changes = AdminDocuments.settingChanges(rest);
        }
        try {
            engine.settings().with(changes);
        } catch (InvalidInputException e) {
            found.addAll(e.errors());
        }
        if (!found.isEmpty()) throw new InvalidInputException(dev.palisade.engine.Reason.INVALID_CONFIG, found);
        return changes;
    }

    /** Reads a section if present; its problems join {@code errors}, named from the file's root. */
    private static void section(JsonNode root, String name, List<FieldError> errors, Section read, String prefix) {
        JsonNode n = root.get(name);
        if (n == null || n.isNull()) return;
        try {
            read.read(n);
        } catch (InvalidInputException e) {
            for (FieldError f : e.errors()) errors.add(new FieldError(prefixed(prefix, name, f.field()), f.message()));
        } catch (HttpProblem p) {
            if (p.errors().isEmpty()) errors.add(new FieldError(name, p.getMessage()));
            for (FieldError f : p.errors()) errors.add(new FieldError(prefixed(prefix, name, f.field()), f.message()));
        } catch (ItemsFailed ignored) {
            // each item's problem is already in errors
        }
    }

    private static String prefixed(String prefix, String section, String field) {
        if (field.equals(section) || field.startsWith(section + "[") || field.startsWith(section + ".")) return field;
        return prefix.isEmpty() ? section + "." + field : prefix + field;
    }

    /** Thrown when some items of a list were bad: they are reported one by one, the section as a whole is not. */
    private static final class ItemsFailed extends RuntimeException {
        ItemsFailed() { super(null, null, false, false); }
    }

    private static <T> List<T> items(JsonNode n, String section, List<FieldError> errors, Item<T> read) {
        if (!n.isArray()) throw InvalidInputException.of(section, "must be a list");
        List<T> out = new ArrayList<>();
        int before = errors.size();
        for (int i = 0; i < n.size(); i++) {
            String at = section + "[" + i + "]";
            try {
                out.add(read.read(n.get(i), at));
            } catch (InvalidInputException e) {
                for (FieldError f : e.errors()) errors.add(new FieldError(f.field().startsWith(section) ? f.field() : at + "." + f.field(), f.message()));
            } catch (HttpProblem p) {
                if (p.errors().isEmpty()) errors.add(new FieldError(at, p.getMessage()));
                for (FieldError f : p.errors()) errors.add(new FieldError(f.field().startsWith(section) ? f.field() : at + "." + f.field(), f.message()));
            }
        }
        if (errors.size() > before) throw new ItemsFailed();
        return out;
    }

    private static ObjectNode object(JsonNode n, String section) {
        if (!n.isObject()) throw InvalidInputException.of(section, "must be a mapping");
        return (ObjectNode) n;
    }

    private static BlacklistEntry entry(JsonNode item, String at) {
        if (!item.isObject()) throw InvalidInputException.of(at, "must be a mapping with kind and value");
        ObjectNode o = (ObjectNode) item;
        Json.onlyFields(o, at + ".", List.of("kind", "value", "reason"));
        for (String field : List.of("kind", "value")) {
            if (!o.path(field).isTextual()) throw InvalidInputException.of(at + "." + field, "must be a string");
        }
        JsonNode reason = o.get("reason");
        if (reason != null && !reason.isNull() && !reason.isTextual()) throw InvalidInputException.of(at + ".reason", "must be a string");
        return new BlacklistEntry(null, AdminDocuments.blacklistKind(o.get("kind").textValue()), o.get("value").textValue(),
                reason == null || reason.isNull() ? "from the configuration" : reason.textValue(), "config", 0, 0);
    }

    private void user(JsonNode item, String at, Engine engine, Map<String, String> env, Path file) {
        if (!item.isObject()) throw InvalidInputException.of(at, "must be a mapping with name and passwordEnv or passwordFile");
        JsonNode name = item.get("name");
        // a user that exists is the file's whatever its name: one stored before a rule (dots alone) is in its export
        String problem = name == null || !name.isTextual() ? "must be a string"
                : engine.users().exists(name.textValue()) ? null : dev.palisade.engine.auth.UserDirectory.nameProblem(name.textValue());
        if (problem != null) throw InvalidInputException.of(at + ".name", problem);
        if (item.has("password")) {
            throw InvalidInputException.of(at + ".password", "passwords never go in the file: use passwordEnv or passwordFile");
        }
        Json.onlyFields(item, at + ".", List.of("name", "passwordEnv", "passwordFile", "disabled"));
        String user = name.textValue();
        for (NewUser earlier : users) {
            if (earlier.name().equals(user)) throw InvalidInputException.of(at + ".name", user + " is named twice");
            // two such names stored before the rule (an export of that server lists both) are matched, not made
            if (earlier.name().equalsIgnoreCase(user) && !(engine.users().exists(user) && engine.users().exists(earlier.name()))) {
                throw InvalidInputException.of(at + ".name", user + " and " + earlier.name() + " differ only by case:"
                        + " such names are one user");
            }
        }
        // a user that exists by this very name is the file's (two names by case stored before the rule stay as they are)
        String taken = engine.users().takenByCase(user);
        if (taken != null) {
            throw InvalidInputException.of(at + ".name", "user " + taken + " exists: names that differ only by case are one user");
        }
        if (item.has("passwordEnv") && item.has("passwordFile")) {
            throw InvalidInputException.of(at, "give passwordEnv or passwordFile, not both: which one counts would be a guess");
        }
        // two users made with one variable or file would log in with one password (an existing user keeps its own)
        String source = engine.users().exists(user) ? null : item.has("passwordEnv") ? "the variable " + item.get("passwordEnv").asText()
                : item.has("passwordFile") ? "the file " + item.get("passwordFile").asText() : null;
        if (source != null) {
            String other = passwordSources.putIfAbsent(source, user);
            if (other != null) {
                throw InvalidInputException.of(at, user + "'s password is " + source + ", as " + other + "'s is: each user needs their own");
            }
        }
        JsonNode flag = item.get("disabled");
        if (flag != null && !flag.isBoolean()) throw InvalidInputException.of(at + ".disabled", "must be true or false");
        Boolean disabled = flag == null ? null : flag.booleanValue();
        // an existing user keeps its password; a new disabled one may come without, since no one logs in as it
        boolean exists = engine.users().exists(user);
        boolean needsNone = exists || Boolean.TRUE.equals(disabled);
        // not even read for an existing user: a short one in the variable stopped a start that would not use it
        String password = exists ? null : password(item, at, user, needsNone, env, file);
        if (password != null && !UserDirectory.fitsPassword(password.codePointCount(0, password.length()))) {
            throw InvalidInputException.of(at, "the password of " + user + " must be " + UserDirectory.MIN_PASSWORD + "–"
                    + UserDirectory.MAX_PASSWORD + " characters");
        }
        users.add(new NewUser(user, password == null ? null : password.toCharArray(), disabled));
    }

    /** The password the item names; null when it names none, or one it cannot give, and {@code needsNone}. */
    private static String password(JsonNode item, String at, String user, boolean needsNone, Map<String, String> env, Path file) {
        JsonNode fromEnv = item.get("passwordEnv");
        JsonNode fromFile = item.get("passwordFile");
        if (fromEnv == null && fromFile == null) {
            if (needsNone) return null;
            throw InvalidInputException.of(at, "user " + user + " does not exist yet: give passwordEnv or passwordFile");
        }
        if (fromEnv != null) {
            if (!fromEnv.isTextual()) throw InvalidInputException.of(at + ".passwordEnv", "must be the name of an environment variable");
            String password = env.get(fromEnv.textValue());
            if (password == null && !needsNone) {
                throw InvalidInputException.of(at + ".passwordEnv", "the environment has no " + fromEnv.textValue());
            }
            return password;
        }
        if (!fromFile.isTextual()) throw InvalidInputException.of(at + ".passwordFile", "must be a path");
        Path p;
        try {
            p = file.toAbsolutePath().getParent().resolve(fromFile.textValue());
        } catch (java.nio.file.InvalidPathException e) {
            throw InvalidInputException.of(at + ".passwordFile", "not a path this system takes (" + e.getReason() + ")");
        }
        try {
            return PasswordFile.firstLine(p);
        } catch (IOException e) {
            if (needsNone) return null;
            throw InvalidInputException.of(at + ".passwordFile", "cannot read " + p + ": " + e.getMessage());
        }
    }
}
