package dev.palisade.console.scenarios;

import dev.palisade.console.client.AdminApiException;
import dev.palisade.console.client.AdminClient;

/**
 * What scenarios share: the target, the admin API (to create the users they need), and a source
 * address per scenario: 127.0.N.10 for scenario N, so every scenario is another client on another
 * /24 network.
 */
public final class ScenarioContext {

    public static final String BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0";
    public static final String PASSWORD = "scenario password";

    private final String target;
    private final AdminClient admin;

    public ScenarioContext(String target, AdminClient admin) {
        this.target = target;
        this.admin = admin;
    }

    public String target() { return target; }

    public AdminClient admin() { return admin; }

    /** Scenario N's own address; {@code host} varies it within the scenario's network. */
    public static String address(int scenario, int host) {
        return "127.0." + (100 + scenario) + "." + host;
    }

    /** A client of scenario {@code n} leaving from its address. */
    public ScenarioClient client(int n, int host, String userAgent) {
        return new ScenarioClient(target, address(n, host), userAgent);
    }

    /** Makes sure a user exists (created through the admin API) and returns its name. */
    public String user(String name) {
        try {
            admin.createUser(name, PASSWORD.toCharArray());
        } catch (AdminApiException e) {
            if (e.status() != 409) throw e;
        }
        return name;
    }
}
