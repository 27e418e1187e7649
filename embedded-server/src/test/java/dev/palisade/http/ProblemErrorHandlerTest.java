package dev.palisade.http;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hardening audit 60, L1: a failure that escaped a handler was answered "the server log has the cause", and Jetty logged
 * it only at debug level: nothing in the log said what failed.
 */
class ProblemErrorHandlerTest {

    @Test
    void aFailureThatEscapesAHandlerIsAnsweredAsAProblemAndLoggedOnceAMinute() throws Exception {
        Server jetty = new Server();
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        jetty.addConnector(connector);
        jetty.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                throw new AssertionError("a defect");
            }
        });
        jetty.setErrorHandler(new ProblemErrorHandler());
        List<java.util.logging.LogRecord> logged;
        dev.palisade.engine.CapturedLog log = dev.palisade.engine.CapturedLog.of(ProblemErrorHandler.class);
        jetty.start();
        try {
            HttpClient client = HttpClient.newHttpClient();
            HttpRequest get = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/api/notes"))
                    .build();
            for (int i = 0; i < 2; i++) {
                HttpResponse<String> r = client.send(get, HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).isEqualTo(500);
                assertThat(r.headers().firstValue("Content-Type")).hasValue(Responses.PROBLEM_JSON);
                assertThat(r.body()).contains("the server log has the cause").doesNotContain("a defect");
            }
            logged = log.records();
        } finally {
            jetty.stop();
            log.close();
        }
        assertThat(logged).as("the second within the minute not again").singleElement().satisfies(r -> {
            assertThat(r.getMessage()).isEqualTo("a request to /api/notes failed with 500 (logged at most once a minute)");
            assertThat(r.getThrown()).isInstanceOf(AssertionError.class);
        });
    }
}
