package dev.palisade.console.ui.anomalies;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.palisade.console.client.AdminClient;
import dev.palisade.console.client.Dtos.EventFilter;
import dev.palisade.console.client.Dtos.EventView;
import dev.palisade.console.ui.common.Background;
import dev.palisade.console.ui.common.EventFeed;
import dev.palisade.console.ui.common.TimeRange;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.scene.chart.XYChart;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Rate anomalies: who exceeded which window, how hard (observed against limit), and how often per
 * step of the time range shown (per minute over the last hour by default); the offender can be blacklisted.
 */
public final class AnomaliesViewModel {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final javafx.beans.property.ObjectProperty<TimeRange> range =
            new javafx.beans.property.SimpleObjectProperty<>(TimeRange.LAST_HOUR);

    private final AdminClient admin;
    private final Background background;
    private final EventFeed feed;
    private final ObservableList<Anomaly> anomalies = FXCollections.observableArrayList();
    private final ObservableList<XYChart.Data<Number, Number>> perMinute = FXCollections.observableArrayList();
    private final javafx.beans.property.ReadOnlyLongWrapper peak = new javafx.beans.property.ReadOnlyLongWrapper();
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");

    public AnomaliesViewModel(AdminClient admin, Background background) {
        this.admin = admin;
        this.background = background;
        this.feed = new EventFeed(admin, background, new EventFilter(null, null, "rate_anomaly", null, null, null, 0,
                EventFeed.MAX), e -> "rate_anomaly".equals(e.type()), "the rate anomalies");
        feed.items().addListener((ListChangeListener<EventView>) c -> rebuild(System.currentTimeMillis()));
        range.addListener((o, was, now) -> load());
    }

    /** Loads the anomalies of the time range. */
    public void load() {
        TimeRange r = range.get();
        long now = System.currentTimeMillis();
        feed.load(new EventFilter(r.start(now), r.end(), "rate_anomaly", null, null, null, 0, EventFeed.MAX));
    }

    public void onEvents(List<EventView> batch) {
        if (range.get().upToNow()) feed.onEvents(batch);
    }

    /**
     * Time passes for a range up to now (the window's poll, every 2 s): anomalies older than its start
     * leave the table, and the chart's points move back. Nothing is asked of the server, but a load it was too
     * busy for, once its wait has passed.
     */
    public void tick(long now) {
        feed.poll(now);
        if (range.get().upToNow()) rebuild(now);
    }

    private void rebuild(long now) {
        TimeRange r = range.get();
        Long since = r.upToNow() ? r.start(now) : null;
        long start = since == null ? Long.MIN_VALUE : since;
        List<Anomaly> rows = new ArrayList<>(feed.items().size());
        for (EventView e : feed.items()) {
            if (e.at() >= start) rows.add(parse(e));
        }
        // replaced only when changed: each tick rebuilds, and a table replaced drops the rows the operator selected
        if (!anomalies.equals(rows)) anomalies.setAll(rows);
        // a point per step, at the end of its step, in seconds before the range's end (now, for a range up to now)
        long end = r.end() != null ? r.end() : now;
        long step = r.stepSeconds() * 1000;
        long steps = Math.max(1, r.millis() / step);
        Map<Long, Long> counts = new TreeMap<>();
        for (long k = 0; k < steps; k++) counts.put(-k * step / 1000, 0L);
        for (Anomaly a : rows) {
            long k = Math.floorDiv(end - 1 - a.at(), step);
            if (k >= 0 && k < steps) counts.merge(-k * step / 1000, 1L, Long::sum);
        }
        List<XYChart.Data<Number, Number>> points = new ArrayList<>();
        counts.forEach((x, n) -> points.add(new XYChart.Data<>(x, n)));
        if (!samePoints(perMinute, points)) perMinute.setAll(points); // a chart given new points lays itself out again
        peak.set(counts.values().stream().mapToLong(Long::longValue).max().orElse(0));
    }

    private static boolean samePoints(List<XYChart.Data<Number, Number>> a, List<XYChart.Data<Number, Number>> b) {
        if (a.size() != b.size()) return false;
        for (int i = 0; i < a.size(); i++) {
            if (!a.get(i).getXValue().equals(b.get(i).getXValue()) || !a.get(i).getYValue().equals(b.get(i).getYValue())) {
                return false;
            }
        }
        return true;
    }

    static Anomaly parse(EventView e) {
        try {
            JsonNode d = JSON.readTree(e.detail());
            int limit = d.path("limit").asInt();
            // windowLimit: the window's own, beside the share a slowed session was held to (a server before it: the one)
            return new Anomaly(e.at(), d.path("scope").asText(), d.path("key").asText(), limit, d.path("windowLimit").asInt(limit),
                    d.path("windowSeconds").asInt(), d.path("observed").asDouble(), d.path("route").asText(""), e.ip(), e.user());
        } catch (IOException ex) {
            return new Anomaly(e.at(), "?", e.detail(), 0, 0, 0, 0, "", e.ip(), e.user());
        }
    }

    /** Blacklists who exceeded the window: its address or session; for API keys, the address they came from. */
    public void blacklist(Anomaly a) {
        String kind = "session".equals(a.scope()) ? "session" : "ip";
        String value = "ip".equals(a.scope()) || "session".equals(a.scope()) ? a.key() : a.ip();
        background.run(() -> {
            admin.addToBlacklist(kind, value, "rate anomaly: " + dev.palisade.console.ui.common.CountAxis.WHOLE.toString(a.observed()) + " against " + a.limit() + "/"
                    + a.windowSeconds() + " s" + (a.windowLimit() > a.limit() ? " (a slowed session's share of " + a.windowLimit() + ")" : ""), null);
            return kind + " " + value + " is blacklisted.";
        }, message::set, t -> message.set("Failed: " + t.getMessage()));
    }

    public ObservableList<Anomaly> anomalies() { return anomalies; }
    /** The time range shown; setting it loads that range. */
    public javafx.beans.property.ObjectProperty<TimeRange> range() { return range; }
    public ObservableList<XYChart.Data<Number, Number>> perMinute() { return perMinute; }
    /** The most anomalies in one minute of the hour, which the chart's count axis rises to. */
    public javafx.beans.property.ReadOnlyLongProperty peak() { return peak.getReadOnlyProperty(); }
    public ReadOnlyStringProperty message() { return message.getReadOnlyProperty(); }
    public ReadOnlyStringProperty error() { return feed.error(); }
    /** Empty, or that the server was too busy to load the anomalies just now and when they are asked again (not an error). */
    public ReadOnlyStringProperty busy() { return feed.busy(); }
}
