package dev.palisade.http.admin;

import dev.palisade.http.ServerFixture;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The live event stream's places: a listener that left was noticed only when a keep-alive to it failed,
 * up to 10–20 s later, so listeners that all left and came back met 503 {@code listener_capacity} meanwhile.
 */
class EventStreamCapacityHttpTest {

    @TempDir
    Path dir;
    private ServerFixture s;
    private OkHttpClient listener;

    @BeforeEach
    void start() {
        s = new ServerFixture(dir);
        listener = s.http.newBuilder().readTimeout(10, TimeUnit.SECONDS).build();
    }

    @AfterEach
    void stop() {
        s.close();
    }

    @Test
    void placesListenersLeftAreGivenToNewOnesAtOnceAndAFullStreamIsRefused() throws Exception {
        List<Response> open = new ArrayList<>();
        try {
            Response refused = null;
            for (int i = 0; i < 40 && refused == null; i++) {
                Response r = call();
                if (r.code() == 200) {
                    assertThat(r.body().source().readUtf8Line()).isEqualTo(": palisade event stream");
                    open.add(r);
                } else {
                    refused = r;
                }
            }
            assertThat(refused).as("a place for every listener up to the limit, then none").isNotNull();
            assertThat(refused.code()).isEqualTo(503);
            assertThat(refused.body().string()).contains("listener_capacity");
            assertThat(open).hasSizeGreaterThan(20);
        } finally {
            for (Response r : open) r.close();
        }
        long asked = System.nanoTime();
        try (Response again = call()) {
            assertThat(again.code()).as("the places of the listeners that left").isEqualTo(200);
            assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - asked)).as("answered while the newcomer waits")
                    .isLessThan(8);
        }
    }

    /* An audit's find: a viewer token could take every place, and the owner's console met 503 on its live view. */
    @Test
    void oneOperatorTokenHoldsAFewStreamsAndTheOwnerAlwaysFindsAPlace() throws Exception {
        List<Response> open = new ArrayList<>();
        try {
            String first = viewer("v0");
            for (int i = 0; i < EventStreamHandler.PER_OPERATOR; i++) open.add(live(call(first)));
            try (Response more = call(first)) {
                assertThat(more.code()).isEqualTo(503);
                assertThat(more.body().string()).contains("listener_capacity").contains("'v0' already follows");
            }
            Response refused = null;
            for (int v = 1; v < 12 && refused == null; v++) {
                String token = viewer("v" + v);
                for (int i = 0; i < EventStreamHandler.PER_OPERATOR && refused == null; i++) {
                    Response r = call(token);
                    if (r.code() == 200) open.add(live(r)); else refused = r;
                }
            }
            assertThat(refused).as("operators' streams stop short of the limit").isNotNull();
            assertThat(refused.code()).isEqualTo(503);
            assertThat(refused.body().string()).contains("kept for the owner");
            assertThat(open).hasSizeGreaterThan(20);
            try (Response owners = call()) {
                assertThat(owners.code()).as("the owner's console").isEqualTo(200);
            }
        } finally {
            for (Response r : open) r.close();
        }
    }

    private Response live(Response stream) throws java.io.IOException {
        assertThat(stream.code()).isEqualTo(200);
        assertThat(stream.body().source().readUtf8Line()).isEqualTo(": palisade event stream");
        return stream;
    }

    private String viewer(String name) {
        ServerFixture.Reply r = s.adminCall("POST", "/admin/operators", "{\"name\":\"" + name + "\",\"role\":\"viewer\"}");
        assertThat(r.code()).as(r.toString()).isEqualTo(201);
        return r.json().get("token").asText();
    }

    private Response call() throws java.io.IOException {
        return call(s.server.adminToken());
    }

    private Response call(String token) throws java.io.IOException {
        return listener.newCall(new Request.Builder().url(s.admin("/admin/events/stream"))
                .header("Authorization", "Bearer " + token).build()).execute();
    }
}
