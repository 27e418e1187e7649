package dev.palisade.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.util.StringQuotingChecker;
import dev.palisade.engine.Engine;
import dev.palisade.engine.auth.UserAccount;
import dev.palisade.engine.blacklist.BlacklistEntry;
import dev.palisade.engine.blacklist.EntryKind;
import dev.palisade.http.admin.AdminDocuments;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The configuration in force as a document {@link ConfigPlan} reads back: routes, every setting,
 * rate windows, sequence rules, the fingerprint policy, the blacklist entries that do not expire
 * (addresses, networks and agents; session and token entries belong to one run), and the users,
 * each with the environment variable its password would come from on a fresh server (one of its
 * own), and {@code disabled: true} for one an operator disabled.
 */
public final class ConfigExport {

    private ConfigExport() {}

    public static Map<String, Object> of(Engine engine) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("routes", AdminDocuments.view(engine.proxyRoutes()));
        doc.put("settings", engine.settings().shown());
        doc.put("windows", AdminDocuments.windowsView(engine.rateWindows()));
        doc.put("rules", AdminDocuments.rulesView(engine.sequenceRules()));
        doc.put("fingerprint", AdminDocuments.view(engine.fingerprintPolicy()));
        List<Map<String, Object>> entries = new ArrayList<>();
        for (BlacklistEntry e : engine.blacklist().list(engine.clock().millis())) {
            if (e.expiresAt() != 0 || e.kind() == EntryKind.SESSION || e.kind() == EntryKind.TOKEN) continue;
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("kind", e.kind().label());
            m.put("value", e.value());
            if (e.reason() != null && !e.reason().isEmpty()) m.put("reason", e.reason());
            entries.add(m);
        }
        doc.put("blacklist", entries);
        List<UserAccount> accounts = engine.users().list();
        Map<String, String> variables = passwordVariables(accounts.stream().map(UserAccount::username).toList());
        List<Map<String, Object>> users = new ArrayList<>();
        for (UserAccount u : accounts) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", u.username());
            m.put("passwordEnv", variables.get(u.username()));
            if (u.disabled()) m.put("disabled", true);
            users.add(m);
        }
        doc.put("users", users);
        return doc;
    }

    /** {@code PALISADE_PASSWORD_} and the name in capitals, every other character an underscore. */
    static String passwordVariable(String user) {
        return "PALISADE_PASSWORD_" + user.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    /**
     * Each user's own variable. A plain one that two users would share ({@code j.doe} and
     * {@code j-doe}, {@code alice} and {@code Alice}) would give both accounts one password, so each of
     * them gets the start of its name's SHA-256 after it; and that, longer if need be, must not be
     * another user's plain one ({@code j_doe_88466215} beside {@code j-doe}'s).
     */
    static Map<String, String> passwordVariables(List<String> names) {
        Map<String, Long> sharing = new java.util.HashMap<>();
        for (String n : names) sharing.merge(passwordVariable(n), 1L, Long::sum);
        Map<String, String> chosen = new LinkedHashMap<>();
        java.util.Set<String> taken = new java.util.HashSet<>();
        for (String n : names) {
            String plain = passwordVariable(n);
            if (sharing.get(plain) == 1 && taken.add(plain)) chosen.put(n, plain);
        }
        for (String n : names) {
            if (chosen.containsKey(n)) continue;
            String plain = passwordVariable(n);
            byte[] digest = dev.palisade.engine.Secrets.sha256(n.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            String variable = null;
            for (int bytes = 4; variable == null || !taken.add(variable); bytes += 4) {
                variable = plain + "_" + java.util.HexFormat.of().withUpperCase().formatHex(digest, 0, Math.min(bytes, 32))
                        + (bytes > 32 ? "_" + (bytes / 4 - 8) : "");
            }
            chosen.put(n, variable);
        }
        return chosen;
    }

    public static String yaml(Map<String, Object> doc) {
        return write(new ObjectMapper(YAMLFactory.builder().stringQuotingChecker(new PlainText())
                .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER).enable(YAMLGenerator.Feature.MINIMIZE_QUOTES).build()), doc);
    }

    /**
     * Leaves a text unquoted only when any YAML reader takes it back as that text: a word, a path or
     * an agent starting with a letter or {@code /}. Jackson's own check writes {@code 4711},
     * {@code 0x1F}, {@code 1e3} or {@code .inf} plain, which read back as numbers (or not at all), so a
     * user named {@code 1001} made an export that no server could start from.
     */
    static final class PlainText extends StringQuotingChecker.Default {
        private static final Pattern PLAIN = Pattern.compile("[A-Za-z/](?:[A-Za-z0-9 ._/*()+,;=@-]*[A-Za-z0-9._/*()+,;=@-])?");

        @Override
        public boolean needToQuoteName(String name) {
            return !PLAIN.matcher(name).matches() || super.needToQuoteName(name);
        }

        @Override
        public boolean needToQuoteValue(String value) {
            return !PLAIN.matcher(value).matches() || super.needToQuoteValue(value);
        }
    }

    public static String json(Map<String, Object> doc) {
        return write(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT), doc);
    }

    private static String write(ObjectMapper mapper, Map<String, Object> doc) {
        try {
            return mapper.writeValueAsString(doc) + (mapper.getFactory() instanceof YAMLFactory ? "" : "\n");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the configuration", e);
        }
    }
}
