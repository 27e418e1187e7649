package dev.palisade.console;

/**
 * What the window needs to know about its server.
 *
 * @param adminUrl    the admin API, e.g. http://127.0.0.1:8081
 * @param adminToken  never shown or logged
 * @param clientUrl   the client page, or null when not known (remote server); scenarios need it
 * @param description the status-bar text for the server
 * @param bundledInfo what to say about the bundled server (URLs, data, demo user), or null
 * @param notice      a notice the operator reads once and dismisses (what the first start set up), or null
 * @param clientCertificate the client page's certificate when it is the bundled server's own, which no system
 *                    trusts ({@code --tls-self-signed}): the scenarios' clients and browsers trust it; null otherwise
 */
public record ConsoleContext(String adminUrl, String adminToken, String clientUrl, String description,
                             String bundledInfo, String notice,
                             dev.palisade.console.scenarios.TrustedCertificate clientCertificate) {

    /** A server with nothing to tell on the Overview. */
    public ConsoleContext(String adminUrl, String adminToken, String clientUrl, String description) {
        this(adminUrl, adminToken, clientUrl, description, null, null, null);
    }

    /**
     * A server this console did not start: its client page is not known here, so the window has no Scenarios view,
     * and the Overview says why and how to run them against it.
     */
    public static ConsoleContext remote(String adminUrl, String adminToken, String description) {
        return new ConsoleContext(adminUrl, adminToken, null, description, remoteInfo(adminUrl), null, null);
    }

    /** This server reached with another token (an operator's own), under another name. */
    public ConsoleContext withAccess(String token, String name) {
        return new ConsoleContext(adminUrl, token, clientUrl, name, bundledInfo, null, clientCertificate);
    }

    static String remoteInfo(String adminUrl) {
        return "Admin API " + adminUrl + ", of a server started elsewhere. Scenarios (Ctrl+9) come with the bundled server: they make"
                + " users and attack its demo API. To run them against this server, from a shell: java -jar"
                + " palisade-console.jar scenarios --target <its client page> --admin " + adminUrl
                + " --admin-token-file <file> (README: \"Scenarios\").";
    }
    @Override
    public String toString() {
        return "ConsoleContext[" + adminUrl + "]";
    }
}
