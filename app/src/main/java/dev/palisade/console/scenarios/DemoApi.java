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

    /** Why the scenarios cannot run against {@code context}'s target, for a person; null when they can. */
    static String whyNotServed(ScenarioContext context) {
        String page = context.target() + "/";
        ScenarioClient.Reply reply;
        try (ScenarioClient client = context.client(0, 1, ScenarioContext.BROWSER)) {
            reply = client.send(client.request("/").get().build());
        } catch (IOException e) {
            return "The client page " + page + " could not be fetched (" + e.getMessage() + "): is the server running?";
        }
        if (reply.status() == 200 && reply.body().contains(LOGIN_FORM) && reply.body().contains(PAGE_NONCE)) return null;
        String served = reply.status() == 502 || reply.status() == 504
                ? " answered " + reply.status() + " " + reply.code() + ": the server protects another API, which does not answer."
                : reply.status() == 200 ? " is not the demo shop's: the server protects another API."
                : " answered " + reply.status() + " " + reply.code() + ".";
        // what was found first: a window shows the start of it when it has no room for the rest
        return "The client page " + page + served + " The scenarios attack the bundled demo API (its login form, notes,"
                + " cart and orders); with the bundled server, \"Protect an API…\" → \"Stop protecting\" serves it again.";
    }
}
