package dev.palisade.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.palisade.engine.Denial;
import dev.palisade.engine.Reason;
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

import static org.assertj.core.api.Assertions.assertThat;

/** How a refusal an endpoint throws reads on the wire: a client decides from {@code check} and {@code Retry-After}. */
class JsonHandlerTest {

    /* A busy report named check "auth", which tells a client its credentials were refused: it is the report's. */
    @Test
    void aBusyReportIsNamedAReportsRefusalWithItsRetryAfter() throws Exception {
        HttpResponse<String> answer = answerOf(Denial.reportBusy("2 reports are being made"));

        assertThat(answer.statusCode()).isEqualTo(503);
        assertThat(answer.headers().firstValue("Retry-After")).hasValue(String.valueOf(Denial.REPORT_RETRY_SECONDS));
        JsonNode problem = new ObjectMapper().readTree(answer.body());
        assertThat(problem.get("code").asText()).isEqualTo("report_busy");
        assertThat(problem.get("check").asText()).isEqualTo("report");
    }

    @Test
    void aRefusedCredentialIsNamedAuth() throws Exception {
        HttpResponse<String> answer = answerOf(new Denial(Reason.INVALID_CREDENTIALS, "wrong user name or password"));

        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(new ObjectMapper().readTree(answer.body()).get("check").asText()).isEqualTo("auth");
    }

    private static HttpResponse<String> answerOf(Denial refusal) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        server.setHandler(new JsonHandler() {
            @Override
            protected boolean serve(Request request, Response response, Callback callback) {
                throw refusal;
            }
        });
        server.start();
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/report")).build(),
                    HttpResponse.BodyHandlers.ofString());
        } finally {
            server.stop();
        }
    }
}
