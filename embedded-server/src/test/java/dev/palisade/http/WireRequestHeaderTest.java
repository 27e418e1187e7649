package dev.palisade.http;

import okhttp3.OkHttpClient;
import okhttp3.Response;
import org.eclipse.jetty.server.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A request's fields asked for by name, on a real Jetty request: each answer is the field's, however
 * many names are asked and in whatever order (a call keeps its last few answers).
 */
class WireRequestHeaderTest {

    private TextServer server;

    @BeforeEach
    void start() throws Exception {
        server = new TextServer(request -> String.join("\n", answers(request)));
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    /** Each name asked in turn, with the answer and whether it is the field's. */
    private static List<String> answers(Request request) {
        WireRequest wire = new WireRequest(request);
        // asked again soon after, so answers come back from each of the kept slots, and asked again late
        String[] names = {"signature", "x-a", "signature", "x-b", "x-a", "user-agent", "x-b", "x-c", "user-agent",
                "x-d", "x-c", "signature", "x-d", "x-e", "signature", "signature-input", "x-e", new String("x-a")};
        List<String> out = new ArrayList<>();
        for (String name : names) {
            String got = wire.header(name);
            String field = WireRequest.field(request.getHeaders(), name);
            out.add(name + "=" + got + (java.util.Objects.equals(got, field) ? "" : " but the field is " + field));
        }
        return out;
    }

    @Test
    void everyAnswerIsTheFieldsInWhateverOrderNamesAreAsked() throws Exception {
        okhttp3.Request call = new okhttp3.Request.Builder().url(server.url()).header("User-Agent", "ua")
                .header("Signature", "s").header("Signature-Input", "si").header("X-A", "1").header("X-B", "2")
                .header("X-C", "3").header("X-D", "4").build();
        try (Response r = new OkHttpClient().newCall(call).execute()) {
            assertThat(r.body().string().split("\n")).containsExactly("signature=s", "x-a=1", "signature=s", "x-b=2",
                    "x-a=1", "user-agent=ua", "x-b=2", "x-c=3", "user-agent=ua", "x-d=4", "x-c=3", "signature=s", "x-d=4",
                    "x-e=null", "signature=s", "signature-input=si", "x-e=null", "x-a=1");
        }
    }
}
