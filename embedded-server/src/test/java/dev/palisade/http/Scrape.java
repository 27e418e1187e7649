package dev.palisade.http;

import org.hawkular.agent.prometheus.text.TextPrometheusMetricDataParser;
import org.hawkular.agent.prometheus.types.Counter;
import org.hawkular.agent.prometheus.types.Gauge;
import org.hawkular.agent.prometheus.types.Histogram;
import org.hawkular.agent.prometheus.types.Metric;
import org.hawkular.agent.prometheus.types.MetricFamily;
import org.hawkular.agent.prometheus.types.MetricType;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One scrape of {@code GET /metrics}, read by an independent Prometheus text-format parser (Hawkular's
 * prometheus-scraper; the 1.x Java client writes the format but has no parser), as a scraper would.
 */
final class Scrape {

    private final Map<String, MetricFamily> families = new LinkedHashMap<>();

    private Scrape(String text) {
        TextPrometheusMetricDataParser parser = new TextPrometheusMetricDataParser(
                new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
        try {
            for (MetricFamily f = parser.parse(); f != null; f = parser.parse()) families.put(f.getName(), f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Scrapes the server's admin listener with the owner's token. */
    static Scrape of(ServerFixture s) {
        ServerFixture.Reply r = s.adminCall("GET", "/metrics", null);
        assertThat(r.code()).as(r.toString()).isEqualTo(200);
        assertThat(r.header("Content-Type")).startsWith("text/plain; version=0.0.4");
        return new Scrape(r.body());
    }

    static Scrape parse(String text) {
        return new Scrape(text);
    }

    MetricFamily family(String name) {
        MetricFamily f = families.get(name);
        assertThat(f).as("metric family " + name + " in " + families.keySet()).isNotNull();
        return f;
    }

    boolean has(String name) { return families.containsKey(name); }

    /** A counter's value for exactly these labels (name=value pairs), 0 when that series is absent. */
    double counter(String name, String... labels) {
        MetricFamily f = family(name);
        assertThat(f.getType()).isEqualTo(MetricType.COUNTER);
        Metric m = series(f, labels);
        return m == null ? 0 : ((Counter) m).getValue();
    }

    double gauge(String name, String... labels) {
        MetricFamily f = family(name);
        assertThat(f.getType()).isEqualTo(MetricType.GAUGE);
        Metric m = series(f, labels);
        assertThat(m).as(name + " with " + String.join(",", labels)).isNotNull();
        return ((Gauge) m).getValue();
    }

    /** A counter's total over all its series. */
    double total(String name) {
        return family(name).getMetrics().stream().mapToDouble(m -> ((Counter) m).getValue()).sum();
    }

    /** How many observations a histogram series holds, 0 when absent. */
    long observations(String name, String... labels) {
        MetricFamily f = family(name);
        assertThat(f.getType()).isEqualTo(MetricType.HISTOGRAM);
        Metric m = series(f, labels);
        return m == null ? 0 : ((Histogram) m).getSampleCount();
    }

    private static Metric series(MetricFamily f, String... labels) {
        Map<String, String> wanted = new LinkedHashMap<>();
        for (int i = 0; i < labels.length; i += 2) wanted.put(labels[i], labels[i + 1]);
        for (Metric m : f.getMetrics()) {
            if (m.getLabels().equals(wanted)) return m;
        }
        return null;
    }
}
