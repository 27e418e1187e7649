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
 */
public record ConsoleContext(String adminUrl, String adminToken, String clientUrl, String description,
                             String bundledInfo, String notice) {

    /** A server with nothing to tell on the Overview (a remote one). */
    public ConsoleContext(String adminUrl, String adminToken, String clientUrl, String description) {
        this(adminUrl, adminToken, clientUrl, description, null, null);
    }
    @Override
    public String toString() {
        return "ConsoleContext[" + adminUrl + "]";
    }
}
