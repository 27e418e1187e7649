package dev.palisade.engine.rate;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which paths a window's route covers: the route itself and what lies below it, nothing that only starts alike. */
class RateWindowTest {

    @Test
    void aRouteCoversItselfAndItsSubpathsOnly() {
        RateWindow notes = new RateWindow(Scope.SESSION, 5, 1, "/api/notes");
        assertThat(notes.covers("/api/notes")).isTrue();
        assertThat(notes.covers("/api/notes/7")).isTrue();
        assertThat(notes.covers("/api/notesx")).isFalse();
        assertThat(notes.covers("/api/note")).isFalse();
        assertThat(notes.covers("/api/orders")).isFalse();
        RateWindow api = new RateWindow(Scope.SESSION, 5, 1, "/api/");
        assertThat(api.covers("/api/")).isTrue();
        assertThat(api.covers("/api/x")).isTrue();
        assertThat(api.covers("/apix")).isFalse();
        assertThat(new RateWindow(Scope.IP, 5, 1, null).covers("/anything")).as("no route: every path").isTrue();
    }

    private static java.util.List<String> refused(java.util.List<RateWindow> windows) {
        var e = org.assertj.core.api.Assertions.catchThrowableOfType(() -> RateWindow.validate(windows),
                dev.palisade.engine.InvalidInputException.class);
        return e == null ? java.util.List.of() : e.errors().stream().map(dev.palisade.engine.FieldError::field).toList();
    }

    @Test
    void aWindowsLimitSecondsAndRouteHaveBoundsOnBothSides() {
        assertThat(refused(java.util.List.of(new RateWindow(Scope.SESSION, 1, 1, "/" + "a".repeat(199)),
                new RateWindow(Scope.IP, 1_000_000, 86_400, null)))).isEmpty();
        assertThat(refused(java.util.List.of(new RateWindow(Scope.SESSION, 0, 0, "/" + "a".repeat(200)),
                new RateWindow(null, 1_000_001, 86_401, "api"), new RateWindow(Scope.IP, 5, 5, "/a;b"),
                new RateWindow(Scope.IP, 5, 5, "/a@b"))))
                .containsExactly("windows[0].limit", "windows[0].windowSeconds", "windows[0].route", "windows[1].scope",
                        "windows[1].limit", "windows[1].windowSeconds", "windows[1].route", "windows[2].route", "windows[3].route");
        // a query, a fragment or a control character is never part of a path, nor a space at a segment's edge: none would count a call
        for (String never : new String[] {"/api/a?x", "/api/a#b", "/api/a ", "/api/ a", "/api/a\tb", "/api/\u0000"}) {
            assertThat(refused(java.util.List.of(new RateWindow(Scope.IP, 5, 5, never)))).as(never)
                    .containsExactly("windows[0].route");
        }
        assertThat(refused(java.util.List.of(new RateWindow(Scope.IP, 5, 5, "/api/a,b/%20x/~y")))).as("sub-delims and escapes")
                .isEmpty();
        // a call's path arrives with its dot segments resolved, and never holds a broken escape: no call would count
        for (String never : new String[] {"/a/../b", "/api/./orders", "/api/%2e%2E/cart", "/api/%zz", "/api/%4", "/api/%"}) {
            assertThat(refused(java.util.List.of(new RateWindow(Scope.IP, 5, 5, never)))).as(never)
                    .containsExactly("windows[0].route");
        }
        assertThat(refused(java.util.List.of(new RateWindow(Scope.IP, 5, 5, "/api/v1.2/..x/.well")))).as("dots within a segment")
                .isEmpty();
        // a decoded path holds spaces (/files/My%20Docs arrives as /files/My Docs), inside a segment
        assertThat(refused(java.util.List.of(new RateWindow(Scope.IP, 5, 5, "/files/My Docs")))).as("a space inside a segment")
                .isEmpty();
        assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(() -> RateWindow.validate(java.util.List.of(new RateWindow(Scope.IP, 5, 5, "/files/My Docs "))),
                dev.palisade.engine.InvalidInputException.class).errors()).extracting(dev.palisade.engine.FieldError::message)
                .containsExactly(dev.palisade.engine.RoutePaths.STRAYED_SPACE);
        // one stored before such routes were refused is read as it was, and the others with it, not the defaults
        assertThat(RateWindow.decode("ip:5/1@/api/a?x;session:7/60")).containsExactly(new RateWindow(Scope.IP, 5, 1, "/api/a?x"),
                new RateWindow(Scope.SESSION, 7, 60, null));
        assertThat(refused(java.util.Collections.nCopies(64, new RateWindow(Scope.IP, 5, 5, null)))).isEmpty();
        assertThat(refused(java.util.Collections.nCopies(65, new RateWindow(Scope.IP, 5, 5, null)))).containsExactly("windows");
    }

    @Test
    void theStoredFormReadsBackAndWhatHasNoWindowsFormGivesTheDefaults() {
        java.util.List<RateWindow> windows = java.util.List.of(new RateWindow(Scope.SESSION, 5, 1, null),
                new RateWindow(Scope.API_KEY, 100, 60, "/api/orders"));
        assertThat(RateWindow.encode(windows)).isEqualTo("session:5/1;apikey:100/60@/api/orders");
        assertThat(RateWindow.decode(RateWindow.encode(windows))).isEqualTo(windows);
        assertThat(RateWindow.decode("")).as("no windows at all").isEmpty();
        assertThat(RateWindow.decode(null)).isEqualTo(RateWindow.defaults());
        assertThat(RateWindow.decode("session:5")).isEqualTo(RateWindow.defaults());
        assertThat(RateWindow.decode("session:0/1")).as("of a window's form, invalid here: left out (kept for another"
                + " version), none in force").isEmpty();
        assertThat(RateWindow.decode("session:0/1;ip:9/60")).containsExactly(new RateWindow(Scope.IP, 9, 60, null));
    }

    /*
     * Durability audit 61, M1: one window this version does not read (a newer version's scope) gave the six defaults in
     * place of every stored window, a strict route window dropped; and a save from this node wrote over the newer ones.
     */
    @Test
    void aStoredWindowThisVersionDoesNotReadIsLeftOutAndKeptWhenTheWindowsAreSaved() {
        assertThat(RateWindow.decode("session:20/1;user:5/1;ip:3/60@/api/orders;session:2000000/1"))
                .containsExactly(new RateWindow(Scope.SESSION, 20, 1, null), new RateWindow(Scope.IP, 3, 60, "/api/orders"));
        assertThat(RateWindow.decode("user:5/1")).as("a newer version's windows only: none here").isEmpty();
        assertThat(RateWindow.decode("")).as("no window, as an operator left it").isEmpty();
        assertThat(RateWindow.decode("garbage")).as("nothing of a window's form: an edit gone wrong").isEqualTo(RateWindow.defaults());
        StringBuilder many = new StringBuilder();
        for (int i = 1; i <= 65; i++) many.append(many.length() == 0 ? "" : ";").append("session:").append(i).append("/60");
        assertThat(RateWindow.decode(many.toString())).as("64 at most in force").hasSize(64)
                .last().isEqualTo(new RateWindow(Scope.SESSION, 64, 60, null));

        java.util.Map<String, String> stored = new java.util.HashMap<>(java.util.Map.of(LiveRateWindows.KEY, "session:20/1;user:5/1"));
        LiveRateWindows live = new LiveRateWindows(new dev.palisade.engine.store.SettingsStore() {
            @Override public java.util.Map<String, String> loadSettings() { return java.util.Map.copyOf(stored); }
            @Override public void saveSettings(java.util.Map<String, String> changed) { stored.putAll(changed); }
        });
        assertThat(live.get()).containsExactly(new RateWindow(Scope.SESSION, 20, 1, null));
        live.replace(java.util.List.of(new RateWindow(Scope.SESSION, 10, 1, null)));
        assertThat(stored.get(LiveRateWindows.KEY)).isEqualTo("session:10/1;user:5/1");
        assertThat(live.get()).containsExactly(new RateWindow(Scope.SESSION, 10, 1, null));

        // review 61, M1: every window removed, the newer one kept: read back as none, not as the six defaults
        live.replace(java.util.List.of());
        assertThat(stored.get(LiveRateWindows.KEY)).isEqualTo("user:5/1");
        assertThat(RateWindow.decode(stored.get(LiveRateWindows.KEY))).isEmpty();
        // review 61, L7: what has no window's form is not kept; M2: nor more than the store holds
        stored.put(LiveRateWindows.KEY, "user:5/1;session:abc/60;user:6/1");
        java.util.List<RateWindow> full = new java.util.ArrayList<>();
        for (int i = 0; i < 63; i++) full.add(new RateWindow(Scope.SESSION, 100 + i, 60, null));
        live.replace(full);
        assertThat(stored.get(LiveRateWindows.KEY).split(";")).hasSize(64).endsWith("user:5/1");
        assertThat(stored.get(LiveRateWindows.KEY)).doesNotContain("abc");
    }
}
