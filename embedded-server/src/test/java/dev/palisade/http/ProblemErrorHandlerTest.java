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
                if (!request.getHttpURI().getPath().startsWith("/api/")) return false; // nothing there: 404
                throw new AssertionError("a defect");
            }
        });
        jetty.setErrorHandler(new ProblemErrorHandler());
        List<java.util.logging.LogRecord> logged;
        dev.palisade.engine.CapturedLog log = dev.palisade.engine.CapturedLog.of(ProblemErrorHandler.class);
        jetty.start();
        try {
            HttpClient client = HttpClient.newHttpClient();
            // a path parameter can carry a session id (";jsessionid=…"): neither the log nor an answer repeats it
            // (durability audit 61, I2)
            HttpRequest get = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + connector.getLocalPort()
                    + "/api/notes;jsessionid=s3cr3t")).build();
            for (int i = 0; i < 2; i++) {
                HttpResponse<String> r = client.send(get, HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).isEqualTo(500);
                assertThat(r.headers().firstValue("Content-Type")).hasValue(Responses.PROBLEM_JSON);
                assertThat(r.body()).contains("the server log has the cause").doesNotContain("a defect");
            }
            HttpResponse<String> missing = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + connector.getLocalPort() + "/gone;jsessionid=s3cr3t")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(missing.statusCode()).isEqualTo(404);
            assertThat(missing.body()).contains("nothing at /gone").doesNotContain("s3cr3t");
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
