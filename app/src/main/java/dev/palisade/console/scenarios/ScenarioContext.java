package dev.palisade.console.scenarios;

import dev.palisade.console.client.AdminApiException;
import dev.palisade.console.client.AdminClient;
import dev.palisade.console.client.Dtos.CreatedDebugToken;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;

/**
 * What scenarios share: the target, the admin API (to create the users they need, and to look up
 * what the operator was shown), a source address per scenario: 127.0.1NN.10 for scenario NN, so every
 * scenario is another client on another /24 network; and the run's debug token.
 */
public final class ScenarioContext {

    public static final String BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0";
    /** The name of the debug token a run creates, as the operator sees it in Configuration and in events. */
    public static final String DEBUG_TOKEN_NAME = "scenarios";
    /** Long enough for the slowest run, short enough that a run that died leaves nothing usable for long. */
    private static final long DEBUG_TOKEN_SECONDS = 3600;

    private final String target;
    private final AdminClient admin;
    /** The target's certificate when no system trusts it (a development server's own), or null. */
    private final TrustedCertificate trusted;
    /** This machine's clock, which need not agree with the target's. */
    private final Clock machine;
    /** The target's, learned once a run from its answer's {@code Date}: what the run's clients sign by and its steps are timed on. */
    private Clock targetClock;
    /**
     * The password of the users the run makes, drawn for this run and never shown: the accounts stay on the server
     * after the run (its events and sessions name them), and one with a password in the source would be a way in
     * for anyone who reaches a server that was put in front of a real API or bound beyond loopback (audit 52).
     */
    private volatile String password = drawnPassword();
    /** The users this run has made or given its password: each once a run (a password is a slow hash and an audit line). */
    private final java.util.Set<String> ensured = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private CreatedDebugToken debugToken;

    public ScenarioContext(String target, AdminClient admin) {
        this(target, admin, null);
    }

    /** @param trusted the target's own certificate, which the run's clients and browsers trust (a development server's); or null */
    public ScenarioContext(String target, AdminClient admin, TrustedCertificate trusted) {
        this(target, admin, trusted, Clock.systemUTC());
    }

    /** @param clock this machine's clock (a test's own, set off the target's) */
    ScenarioContext(String target, AdminClient admin, TrustedCertificate trusted, Clock clock) {
        this.target = target;
        this.admin = admin;
        this.trusted = trusted;
        this.machine = clock;
    }

    public String target() { return target; }

    /** The target's own certificate the run trusts, or null. */
    public TrustedCertificate trusted() { return trusted; }

    public AdminClient admin() { return admin; }

    /**
     * The target's clock, as its {@code Date} tells it (this machine's when the two agree): a server elsewhere, 45 s behind,
     * refused every call the run signed by this machine's clock {@code stale}, and a browser scenario found no session
     * from this machine's "now" on.
     */
    synchronized Clock clock() {
        if (targetClock != null) return targetClock;
        try (ScenarioClient probe = ScenarioClient.unbound(target, BROWSER, Duration.ofSeconds(15), trusted)) {
            targetClock = TargetClock.of(probe, machine);
            return targetClock;
        }
    }

    /** Scenario N's own address; {@code host} varies it within the scenario's network. */
    public static String address(int scenario, int host) {
        return "127.0." + (100 + scenario) + "." + host;
    }

    /**
     * Why this system cannot send from {@code address}, one of the scenarios' loopback aliases, for a person; null when it
     * can. Linux routes all of 127.0.0.0/8 to itself; macOS has 127.0.0.1 alone until aliases are added.
     */
    static String whyCannotSendFrom(String address) {
        try (Socket probe = new Socket()) {
            probe.bind(new InetSocketAddress(InetAddress.getByName(address), 0));
            return null;
        } catch (IOException e) {
            return "This system cannot send from " + address + " (" + e.getMessage() + "): the scripted scenarios leave from"
                    + " loopback addresses of their own, 127.0.(100+N).10 for scenario N (127.0.101.10 to 127.0.116.10),"
                    + " 127.0.102.11, 127.0.116.11 and 127.0.207.66. Linux has them all; on macOS add each first, e.g."
                    + " \"sudo ifconfig lo0 alias 127.0.101.10\".";
        }
    }

    /** A client of scenario {@code n} leaving from its address. */
    public ScenarioClient client(int n, int host, String userAgent) {
        return clientFrom(address(n, host), userAgent);
    }

    /** A client leaving from {@code source}, one of the scenarios' loopback addresses. */
    public ScenarioClient clientFrom(String source, String userAgent) {
        return new ScenarioClient(target, source, userAgent, Duration.ofSeconds(15), trusted, clock());
    }

    /** The password of every user {@link #user} makes, for this run. */
    public String password() { return password; }

    /** Makes sure a user exists with this run's password (created, or its password set, through the admin API) and returns its name. */
    public String user(String name) {
        if (ensured.contains(name)) return name;
        try {
            admin.createUser(name, password);
        } catch (AdminApiException e) {
            if (e.status() != 409) throw e;
            admin.updateUser(name, password, null); // made by an earlier run, whose password is gone with it
        }
        ensured.add(name);
        return name;
    }

    private static String drawnPassword() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * The run's debug token, created through the admin API the first time a scenario needs it. The
     * attackers that are assumed to already hold a session (replay, stolen token, bursts…) bootstrap
     * with it: their point is what happens after the bootstrap, which a debug token lets them reach
     * without a browser. {@code protocol_script} never uses it.
     */
    public synchronized String debugToken() {
        if (debugToken == null) debugToken = admin.createDebugToken(DEBUG_TOKEN_NAME, DEBUG_TOKEN_SECONDS);
        return debugToken.token();
    }

    /** Revokes the run's debug token, if one was made, so none outlives the run; the next run draws its own password. */
    public synchronized void endRun() {
        password = drawnPassword();
        targetClock = null;
        ensured.clear();
        if (debugToken == null) return;
        String id = debugToken.id();
        debugToken = null;
        try {
            admin.revokeDebugToken(id);
        } catch (AdminApiException e) {
            if (e.status() != 404) throw e;
        }
    }
}
