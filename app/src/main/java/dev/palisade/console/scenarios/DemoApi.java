package dev.palisade.console.scenarios;

import java.io.IOException;

/**
 * Whether the target serves the demo API the scenarios attack: its client page with the login form (the
 * notes, cart and orders behind it). Asked once before a run, so a server that protects another API, or
 * one that does not answer, is one sentence rather than fifteen scenarios failing on what they did not find.
 */
final class DemoApi {

    /** The demo page's login form and the page nonce Palisade adds: what every scenario starts from. */
    private static final String LOGIN_FORM = "<form id=\"login\"";
    private static final String PAGE_NONCE = "<meta name=\"palisade-nonce\"";

    private DemoApi() {}

    /** Longer than the console's protected API's timeout (30 s): a slow API is told by the server's 504. */
    private static final java.time.Duration WAIT = java.time.Duration.ofSeconds(35);
    private static final String ADVICE = " The scenarios attack the bundled demo API (its login form, notes, cart and"
            + " orders); with the bundled server, \"Protect an API…\" → \"Stop protecting\" serves it again.";

    /** Why the scenarios cannot run against {@code context}'s target, for a person; null when they can. */
    static String whyNotServed(ScenarioContext context) {
        String page = context.target() + "/";
        ScenarioClient.Reply reply;
        // from the system's own address: the scenarios' aliases (127.0.1NN.x) are theirs, and need not exist for this
        try (ScenarioClient client = ScenarioClient.unbound(context.target(), ScenarioContext.BROWSER, WAIT, context.trusted())) {
            reply = client.send(client.request("/").get().build());
        } catch (javax.net.ssl.SSLHandshakeException e) {
            // a development server's certificate, which no system trusts: said in words, not as "PKIX path building failed"
            return "The client page " + page + " could not be fetched: its certificate is not one this system trusts ("
                    + e.getMessage() + "). A server started with --tls-self-signed keeps its certificate in its data folder,"
                    + " tls/self-signed.crt: the console trusts it for its bundled server; on the command line, pass it"
                    + " with --trust-cert.";
        } catch (IOException e) {
            return "The client page " + page + " could not be fetched (" + e.getMessage() + ").";
        }
        if (reply.status() == 200 && reply.body().contains(LOGIN_FORM) && reply.body().contains(PAGE_NONCE)) return null;
        // what was found first: a window shows the start of it when it has no room for the rest
        String start = "The client page " + page;
        if (reply.code().equals("upstream_unavailable") || reply.code().equals("upstream_timeout")) {
            return start + " answered " + reply.status() + " " + reply.code() + ": the server protects another API, which"
                    + (reply.code().equals("upstream_timeout") ? " does not answer in time." : " does not answer.") + ADVICE;
        }
        if (reply.status() == 200 && reply.body().contains(PAGE_NONCE)) {
            return start + " is not the demo shop's: the server protects another API." + ADVICE;
        }
        return start + " answered " + reply.status() + (reply.status() >= 400 ? " " + reply.code() : "")
                + ", not the demo shop's page: is it a Palisade server's client page?";
    }
}
