package dev.palisade.console.ui.overview;

import dev.palisade.console.client.AdminClient;
import dev.palisade.console.client.Dtos.EventFilter;
import dev.palisade.console.client.Dtos.EventView;
import dev.palisade.console.client.Dtos.SecondView;
import dev.palisade.console.client.Dtos.Stats;
import dev.palisade.console.ui.common.Background;
import dev.palisade.console.ui.common.Count;
import dev.palisade.console.ui.common.LatestRequest;
import dev.palisade.console.ui.common.ReportBusy;
import dev.palisade.console.ui.common.TimeRange;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.scene.chart.XYChart;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The Overview: allowed and denied per second over the last 15 minutes (a point per 5 s), denials by reason, the
 * addresses and sessions denied most, and the server's health. Stats are polled; the three lists
 * count the same refusals (the last 15 minutes of stored events, then the live stream), so they
 * always agree, and they are rebuilt from the server when the live connection comes back.
 */
public final class OverviewViewModel {

    static final int SECONDS = 900;
    /** Seconds per chart point: 180 points of 5 s draw the same 15 minutes at a fifth of the nodes. */
    static final int STEP = 5;
    static final int POINTS = SECONDS / STEP;
    private static final int TOP = 8;
    /** Whether the longer range shown had its price refusals counted apart by the server (FX thread). */
    private boolean rangeSplitByPrice;
    /** The codes whose rows are what is left beside a price row of theirs, in the rows shown or ranked lower (FX thread). */
    private java.util.Set<String> splitByPrice = java.util.Set.of();

    private final AdminClient admin;
    private final Background background;

    private final ObservableList<XYChart.Data<Number, Number>> allowed = FXCollections.observableArrayList();
    private final ObservableList<XYChart.Data<Number, Number>> denied = FXCollections.observableArrayList();
    private final ObservableList<Count> reasons = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper reasonsTitle = new ReadOnlyStringWrapper("Denials by reason");
    private final ReadOnlyStringWrapper price = new ReadOnlyStringWrapper("");
    private final ObservableList<Count> offendingIps = FXCollections.observableArrayList();
    private final ObservableList<Count> offendingSessions = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper health = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    /** The server was too busy with other reports to make one of this view's: a calm line until it is made. */
    private final ReadOnlyStringWrapper busy = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final javafx.beans.property.ReadOnlyDoubleWrapper peak = new javafx.beans.property.ReadOnlyDoubleWrapper();
    private final javafx.beans.property.ReadOnlyLongWrapper refreshedAt = new javafx.beans.property.ReadOnlyLongWrapper();

    /** Refusals (calls and logins) of the last 15 minutes, counted and ranked in a moving window off the UI thread. */
    private final OffenderRanking recentDenials;
    /** A live batch this large means a flood (100 ms of at least 2 000 events a second). */
    private static final int FLOOD = 200;
    /** Stored refusals read to start the counts: the newest this many of the last 15 minutes. */
    static final int SEED = 1_000;
    /** Pages of stored refusals a load reads a type at most: the newest 20 000 of a flood's quarter hour. */
    static final int SEED_PAGES = 20;
    /** The event types whose refusals the server counts (its timeline and alerts): calls, and logins. */
    private static final List<String> REFUSAL_TYPES = List.of("decision", "auth");

    public OverviewViewModel(AdminClient admin, Background background) {
        this.admin = admin;
        this.background = background;
        // a change of range clears the counts, so a ranking still on its way then is not shown
        this.recentDenials = new OffenderRanking(SECONDS * 1000L, TOP, background.inOrder(), background.ui(), tops -> {
            // replaced only when changed: each poll ranks again, and a list replaced drops the row the operator
            // right-clicked to blacklist or revoke
            splitByPrice = splitByPrice(tops.reasonKeys());
            if (!reasons.equals(tops.reasons())) reasons.setAll(tops.reasons());
            reasonsTitle.set(reasonsTitle(tops.refusals(), tops.reasonCount(), tops.reasons().size()));
            if (!offendingIps.equals(tops.ips())) offendingIps.setAll(tops.ips());
            if (!offendingSessions.equals(tops.sessions())) offendingSessions.setAll(tops.sessions());
        });
        range.addListener((o, was, now) -> {
            recentDenials.clear();
            reasons.clear(); // its rows are told by the range: equal counts of the next range must be drawn again
            splitByPrice = java.util.Set.of();
            reasonsTitle.set(reasonsTitle(0, 0, 0));
            busy.set(""); // what the server was too busy for was the other range's
            load();
        });
    }

    /**
     * How the chart is drawn for the range: its title, the time axis from {@code lower} seconds ago
     * to now with a tick every {@code tick} seconds, counted in {@code unit}, and what y counts.
     */
    public record ChartPlan(String title, double lower, double tick, TimeRange.TimeUnit unit, String yLabel) {}

    static final ChartPlan LIVE = new ChartPlan("Calls per second, last 15 minutes", -SECONDS, 60,
            TimeRange.TimeUnit.MINUTES, "calls/s"); // short: the axis label stands on its side beside a short chart
    /** A longer range is loaded again this often while shown (its points are minutes or more). */
    static final long RANGE_REFRESH_MILLIS = 30_000;

    private final javafx.beans.property.ObjectProperty<TimeRange> range =
            new javafx.beans.property.SimpleObjectProperty<>(TimeRange.LAST_15_MINUTES);
    private final javafx.beans.property.ReadOnlyObjectWrapper<ChartPlan> plan = new javafx.beans.property.ReadOnlyObjectWrapper<>(LIVE);
    /** When the longer range is read again: its refresh, or sooner after a report_busy (its Retry-After). */
    private long rangeDueAt;
    /** When the live quarter hour's stored refusals are read again after a failed read; 0: not to be. */
    private long seedDueAt;
    /** How long a failed read of the quarter hour's refusals waits before it is asked again (not report_busy's). */
    static final long SEED_RETRY_MILLIS = 5_000;
    /** The most live refusals kept to count again after a seed's answer: a flood's beyond it are missed by the counts. */
    static final int SEED_ARRIVALS_MAX = 100_000;
    /** Whether a stats poll waits for its answer. */
    private boolean statsAsked;
    /** The live refusals that came while the newest seed was out: counted again after its answer; null when none is out. */
    private List<EventView> arrivedDuringSeed;
    /** A slow seed or timeline must not replace the counts of one asked for since. */
    private final LatestRequest seeds = new LatestRequest();
    private final LatestRequest timelines = new LatestRequest();

    /** The live view (per second, from the stats and the event stream) or a longer range (from the timeline). */
    private boolean live() { return range.get() == null || range.get().equals(TimeRange.LAST_15_MINUTES); }

    /** Loads what the range shows: stats and the refusals of the last 15 minutes, or the timeline of a longer range. */
    public void load() {
        if (!live()) {
            loadRange();
            return;
        }
        plan.set(LIVE);
        refresh();
        loadSeed();
    }

    /** Reads the stored refusals of the last 15 minutes, which the live stream adds to. */
    private void loadSeed() {
        seedDueAt = 0;
        long from = System.currentTimeMillis() - SECONDS * 1000L;
        LatestRequest.Ticket ticket = seeds.next();
        List<EventView> arrived = new ArrayList<>();
        arrivedDuringSeed = arrived;
        background.run(() -> refusalsSince(from),
                oldestFirst -> {
                    if (!live() || !ticket.isNewest()) return;
                    busy.set("");
                    arrivedDuringSeed = null;
                    // the server answers once queued events are written: the page holds every refusal
                    // up to then, so what was counted before (live, or before a restart) is replaced; what came
                    // live since it was asked is counted again after it (a reconnect's reload under an attack
                    // lost those for the quarter hour: audit 51)
                    recentDenials.clear();
                    onEvents(oldestFirst);
                    long newestSeeded = oldestFirst.stream().mapToLong(EventView::id).max().orElse(Long.MIN_VALUE);
                    onEvents(arrived.stream().filter(e -> e.id() > newestSeeded).toList());
                }, t -> {
                    if (arrivedDuringSeed == arrived) arrivedDuringSeed = null; // counted live as they came
                    if (!live() || !ticket.isNewest()) return;
                    // asked again either way: a failed first read was told on the error line, which the next poll's
                    // answer cleared, and the lists then counted from that moment on without a word (audit 51)
                    boolean busyWithReports = ReportBusy.is(t);
                    long wait = busyWithReports ? ReportBusy.waitMillis(t) : SEED_RETRY_MILLIS;
                    seedDueAt = System.currentTimeMillis() + wait;
                    busy.set(busyWithReports ? ReportBusy.line("the denials of the last 15 minutes", wait)
                            : "The denials of the last 15 minutes could not be read (" + t.getMessage() + "): the lists count"
                            + " from now on; asked again in " + wait / 1000 + " s.");
                });
    }

    /**
     * The stored decision and auth events since {@code from}, oldest first: the server counts a refused
     * login as a refusal too (its timeline, its alerts), and takes one {@code type} a query.
     */
    private List<EventView> refusalsSince(long from) {
        List<EventView> events = new ArrayList<>();
        for (String type : REFUSAL_TYPES) {
            // page by id: one page of 1 000 cut the counts to the newest 1 000 a type at every load and reconnect
            EventFilter filter = new EventFilter(from, null, type, null, null, null, 0, SEED);
            for (int page = 0; page < SEED_PAGES; page++) {
                List<EventView> items = admin.events(filter).items();
                events.addAll(items);
                if (items.size() < SEED) break;
                filter = filter.olderThan(items.get(items.size() - 1).id());
            }
        }
        events.sort(java.util.Comparator.comparingLong(EventView::at).thenComparingLong(EventView::id));
        return events;
    }

    /** Whether the server counts {@code e} as a refusal: a refused call or a refused login, bootstrap or challenge. */
    static boolean isRefusal(EventView e) {
        return REFUSAL_TYPES.contains(e.type()) && !e.allowed();
    }

    /** Polls the per-second stats (a longer range: its timeline, now and then); the view calls this every couple of seconds. */
    public void refresh() {
        refresh(System.currentTimeMillis());
    }

    /** {@link #refresh()} at {@code now}: a report the server was too busy for is asked again once its wait has passed. */
    void refresh(long now) {
        forgetOldResult(now);
        if (live()) {
            if (seedDueAt != 0 && now >= seedDueAt) loadSeed();
            if (statsAsked) return; // a slow server is not asked again before it answered: polls never pile up
            statsAsked = true;
            background.run(() -> admin.stats(SECONDS), stats -> {
                statsAsked = false;
                if (live()) apply(stats); // not an answer that arrives after the operator chose a longer range
            }, t -> {
                statsAsked = false;
                failed(t);
            });
        } else {
            if (now >= rangeDueAt) loadRange(now);
            // the chart shows a longer range, read now and then; the server's health line stays live
            if (statsAsked) return;
            statsAsked = true;
            background.run(() -> admin.stats(SECONDS), stats -> {
                statsAsked = false;
                if (!live()) showHealth(stats);
            }, t -> statsAsked = false);
        }
    }

    private void loadRange() {
        loadRange(System.currentTimeMillis());
    }

    private void loadRange(long now) {
        TimeRange r = range.get();
        long from = r.start(now);
        Long to = r.end();
        long step = r.stepSeconds();
        rangeDueAt = now + RANGE_REFRESH_MILLIS;
        plan.set(plan(r));
        LatestRequest.Ticket ticket = timelines.next();
        background.run(() -> admin.timeline(from, to, step), t -> {
            if (range.get() == r && ticket.isNewest()) apply(t, to == null ? now : to);
        }, t -> {
            if (!ReportBusy.is(t)) {
                failed(t);
            } else if (range.get() == r && ticket.isNewest()) {
                // what was shown stays; the server said when it may have room, and the poll asks then
                long wait = ReportBusy.waitMillis(t);
                rangeDueAt = System.currentTimeMillis() + wait;
                busy.set(ReportBusy.line("the chart", wait));
            }
        });
    }

    /** A timeline's points as calls per minute, each at the end of its step, in seconds before {@code end}. */
    void apply(dev.palisade.console.client.Dtos.Timeline t, long end) {
        error.set("");
        busy.set("");
        List<XYChart.Data<Number, Number>> a = new ArrayList<>(t.points().size());
        List<XYChart.Data<Number, Number>> d = new ArrayList<>(t.points().size());
        double minutes = t.step() / 60.0;
        double highest = 0;
        for (dev.palisade.console.client.Dtos.TimelinePoint p : t.points()) {
            long x = Math.min(0, (p.t() + t.step() * 1000 - end) / 1000);
            a.add(new XYChart.Data<>(x, p.allowed() / minutes));
            d.add(new XYChart.Data<>(x, p.denied() / minutes));
            highest = Math.max(highest, Math.max(p.allowed(), p.denied()) / minutes);
        }
        update(allowed, a);
        update(denied, d);
        peak.set(highest);
        List<Count> byReason = byReason(t);
        rangeSplitByPrice = t.priceReasons() != null;
        splitByPrice = splitByPrice(byReason.stream().map(Count::key).toList());
        reasons.setAll(byReason.stream().limit(TOP).toList());
        long refused = t.points().stream().mapToLong(dev.palisade.console.client.Dtos.TimelinePoint::denied).sum();
        reasonsTitle.set(reasonsTitle(refused, byReason.size(), reasons.size()));
        offendingIps.setAll(counts(t.ips()));
        offendingSessions.setAll(counts(t.sessions()));
    }

    /**
     * A range's refusals by reason, most first, a price refusal's code in a row of its own as the live range has it
     * ({@link #reasonKey}); by code alone from a server that does not count them apart.
     */
    static List<Count> byReason(dev.palisade.console.client.Dtos.Timeline t) {
        java.util.Map<String, Long> byPrice = new java.util.HashMap<>();
        if (t.priceReasons() != null) t.priceReasons().forEach(v -> byPrice.put(v.key(), v.count()));
        List<Count> out = new ArrayList<>(t.reasons().size() + byPrice.size());
        for (dev.palisade.console.client.Dtos.CountView v : t.reasons()) {
            long price = Math.min(v.count(), byPrice.getOrDefault(v.key(), 0L));
            if (v.count() > price) out.add(new Count(v.key(), v.count() - price));
            if (price > 0) out.add(new Count(v.key() + BY_PRICE, price));
        }
        out.sort(java.util.Comparator.comparingLong(Count::count).reversed().thenComparing(Count::key)); // as the server ranks
        return out;
    }

    private static List<Count> counts(List<dev.palisade.console.client.Dtos.CountView> views) {
        return views.stream().limit(TOP).map(v -> new Count(v.key(), v.count())).toList();
    }

    /**
     * The stretch of time behind a point of the chart at {@code secondsAgo} (the chart's x), at
     * {@code now}: the point's step and its neighbours, so a click on a peak opens the events of that peak.
     *
     * @return {from, to} in epoch ms
     */
    public long[] window(double secondsAgo, long now) {
        TimeRange r = range.get();
        long end = live() || r.end() == null ? now : r.end();
        long stepMillis = live() ? STEP * 1000L : r.stepSeconds() * 1000L;
        long at = end + Math.round(secondsAgo * 1000);
        // a point stands at the end of its step; a step either side forgives a click beside a thin point
        return new long[] {at - 2 * stepMillis, Math.min(end, at + stepMillis) + 1};
    }

    /** The chart for a range longer than the live quarter hour: per minute, about ten ticks on round units. */
    static ChartPlan plan(TimeRange r) {
        String title = "Calls per minute, " + (r.isCustom() ? r.label() : r.label().substring(0, 1).toLowerCase(java.util.Locale.ROOT)
                + r.label().substring(1));
        return new ChartPlan(title, -r.millis() / 1000, r.axisTickSeconds(), r.axisUnit(), "calls/min");
    }

    void apply(Stats stats) {
        error.set("");
        // allowed calls are no events, so a quiet server sends none: its clock, read every poll, ages the lists too
        recentDenials.add(List.of(), stats.now(), false);
        List<SecondView> seconds = stats.seconds();
        List<XYChart.Data<Number, Number>> a = new ArrayList<>(POINTS);
        List<XYChart.Data<Number, Number>> d = new ArrayList<>(POINTS);
        // each point is the mean per second of STEP whole seconds, the newest ending now; its x (seconds
        // ago) never changes from one poll to the next, so an update moves y values and nothing else
        for (int end = seconds.size(); end - STEP >= 0; end -= STEP) {
            long allowedSum = 0;
            long deniedSum = 0;
            for (SecondView s : seconds.subList(end - STEP, end)) {
                allowedSum += s.allowed();
                for (long n : s.denied().values()) deniedSum += n;
            }
            long x = (long) (end - seconds.size());
            a.add(0, new XYChart.Data<>(x, (double) allowedSum / STEP));
            d.add(0, new XYChart.Data<>(x, (double) deniedSum / STEP));
        }
        update(allowed, a);
        update(denied, d);
        double highest = 0;
        for (XYChart.Data<Number, Number> p : a) highest = Math.max(highest, p.getYValue().doubleValue());
        for (XYChart.Data<Number, Number> p : d) highest = Math.max(highest, p.getYValue().doubleValue());
        peak.set(highest);
        showHealth(stats);
    }

    private void showHealth(Stats stats) {
        refreshedAt.set(stats.now());
        // a cluster node whose Redis does not answer counts alone: its chart drops to its share, which must not read as
        // a drop in traffic (cluster audit 62, L4)
        String scope = "cluster".equals(stats.scope()) ? " in the cluster"
                : Boolean.TRUE.equals(stats.clustered()) ? " (this node's counts only: the cluster's Redis does not answer)" : "";
        health.set("up " + human(Duration.ofSeconds(stats.uptimeSeconds())) + " · " + stats.sessions().active()
                + " active sessions" + scope + " · event queue " + stats.events().queueDepth() + "/" + stats.events().queueCapacity()
                + " · " + stats.events().dropped() + " dropped");
    }

    /** Live events (a coalesced batch, oldest first). */
    public void onEvents(List<EventView> batch) {
        if (!live()) return; // a longer range is counted by the server
        long newest = 0;
        List<OffenderRanking.Refusal> refusals = new ArrayList<>();
        for (EventView e : batch) {
            if (isRefusal(e)) {
                refusals.add(new OffenderRanking.Refusal(e.at(), reasonKey(e), e.ip(), e.sessionId()));
                if (arrivedDuringSeed != null && arrivedDuringSeed.size() < SEED_ARRIVALS_MAX) arrivedDuringSeed.add(e);
            }
            newest = Math.max(newest, e.at());
        }
        // under a flood, ranking thousands of offenders ten times a second is wasted work: once a second will do
        recentDenials.add(refusals, newest, batch.size() >= FLOOD);
    }

    /**
     * Moves the chart's points to the new values. The x of each point (seconds ago) stays, so when
     * the series keeps its length only the y values change: replacing 900 points every poll made
     * the chart rebuild all its nodes, a pause of 100–300 ms on the FX thread (BENCHMARKS.md).
     */
    private static void update(ObservableList<XYChart.Data<Number, Number>> shown, List<XYChart.Data<Number, Number>> next) {
        if (shown.size() != next.size()) {
            shown.setAll(next);
            return;
        }
        for (int i = 0; i < next.size(); i++) {
            XYChart.Data<Number, Number> point = shown.get(i);
            if (!point.getXValue().equals(next.get(i).getXValue())) {
                shown.setAll(next);
                return;
            }
            if (!point.getYValue().equals(next.get(i).getYValue())) point.setYValue(next.get(i).getYValue());
        }
    }

    /** Blacklists an offender from the lists: {@code kind} is "ip" or "session". */
    public void blacklist(String kind, String value) {
        background.run(() -> {
            admin.addToBlacklist(kind, value, "offender on the Overview", null);
            return ("ip".equals(kind) ? "Address " : "Session ") + value + " is blacklisted.";
        }, this::tell, t -> tell("Failed: " + t.getMessage()));
    }

    /** Tells what a client page served to {@code ip} asks now, and which of its record's terms raised it. */
    public void showPrice(String ip) {
        background.run(() -> priceLine(admin.price(ip)), price::set, t -> tell("Failed: " + t.getMessage()));
    }

    /** The price last told, shown in a line of its own until closed (the title bar cut it, then let it go in 15 s). */
    public ReadOnlyStringProperty price() { return price.getReadOnlyProperty(); }

    public void closePrice() { price.set(""); }

    /**
     * {@code 127.0.0.5: its client pages ask 17 bits × 4 puzzles, 8× the base price (powBits, 14 bits): +2 for 11
     * refusals this minute (…), +1 for 11 refusals in its network this minute (…).} The base, not "a clean address's
     * work": in a login flood a clean address pays the busy seconds' bits too (review console 59, L10).
     */
    static String priceLine(dev.palisade.console.client.Dtos.Price p) {
        StringBuilder b = new StringBuilder(p.ip()).append(": its client pages ask ").append(p.bits()).append(" bits × ")
                .append(p.puzzles()).append(p.puzzles() == 1 ? " puzzle" : " puzzles").append(", ");
        int more = p.bits() - p.base();
        if (more > 0) b.append(1L << Math.min(more, 62)).append("× ");
        else if (more < 0) b.append("less than ");
        b.append("the base price (powBits, ").append(p.base()).append(" bits)");
        String sep = ": ";
        int summed = p.base();
        for (dev.palisade.console.client.Dtos.PriceTerm t : p.terms()) {
            if (t.bits() == 0) continue;
            summed += t.bits();
            b.append(sep).append('+').append(t.bits()).append(" for ").append(t.count()).append(' ').append(termName(t.name()));
            sep = ", ";
        }
        // terms over powMaxBits, or a base under powMinBits: what the address's record adds is not all it pays
        if (summed != p.bits()) b.append(sep).append("held to the settings' bounds");
        return b.append('.').toString();
    }

    private static String termName(String name) {
        return switch (name) {
            case "denials" -> "refusals this minute (a flagged login counts three)";
            case "networkDenials" -> "refusals in its network this minute (a flagged login counts three)";
            case "liveSessions" -> "live sessions";
            case "pageLoads" -> "pages loaded this minute";
            case "networkPageLoads" -> "pages loaded by its network this minute";
            case "busyLoginSeconds" -> "seconds of full password checks (for every caller)";
            default -> name;
        };
    }

    public void revokeSession(String id) {
        background.run(() -> {
            admin.revokeSession(id);
            return "Session " + id + " is revoked.";
        }, this::tell, t -> tell("Failed: " + t.getMessage()));
    }

    /** How long an action's result stays in the title bar: minutes later it read like news. */
    static final long TOLD_MILLIS = 15_000;
    private long toldAt;

    private void tell(String result) {
        message.set(result);
        toldAt = System.currentTimeMillis();
    }

    /** Lets an action's result go once it is old (the window's poll calls it). */
    void forgetOldResult(long now) {
        if (toldAt != 0 && now - toldAt >= TOLD_MILLIS) {
            message.set("");
            toldAt = 0;
        }
    }

    private void failed(Throwable t) {
        busy.set("");
        error.set("Cannot load the overview: " + t.getMessage());
    }

    static String human(Duration d) {
        if (d.toDays() > 0) return d.toDays() + " d " + d.toHoursPart() + " h";
        if (d.toHours() > 0) return d.toHours() + " h " + d.toMinutesPart() + " min";
        if (d.toMinutes() > 0) return d.toMinutes() + " min " + d.toSecondsPart() + " s";
        return d.toSeconds() + " s";
    }

    public ObservableList<XYChart.Data<Number, Number>> allowedPerSecond() { return allowed; }
    public ObservableList<XYChart.Data<Number, Number>> deniedPerSecond() { return denied; }
    public ObservableList<Count> deniedByReason() { return reasons; }

    /** The denials' title: how many in all, and how many reasons the rows leave out (console audit 59: L1 and L5 fell off). */
    public javafx.beans.property.ReadOnlyStringProperty reasonsTitle() { return reasonsTitle.getReadOnlyProperty(); }

    /** {@code Denials by reason: 53, 3 more reasons not listed}; the bare title when nothing was refused. */
    static String reasonsTitle(long refusals, int reasonCount, int listed) {
        if (refusals == 0) return "Denials by reason";
        String title = "Denials by reason: " + refusals;
        int more = reasonCount - listed;
        return more <= 0 ? title : title + ", " + more + (more == 1 ? " more reason" : " more reasons") + " not listed";
    }

    /**
     * A row of the denials by reason: its count, its code and the ladder's rung it answers ({@code 12  replayed  · L1 replay}).
     * Within the count and code, and within the rung, the spaces are no-break ones: a narrow list (1024 px) wraps the
     * line between the two, never inside a rung's name ("· L4" over "protocol_script", session 49).
     */
    public static String reasonLine(Count c) {
        return reasonLine(c, true);
    }

    /**
     * As {@link #reasonLine(Count)}; {@code split}: whether price refusals have rows of their own (the live range,
     * counted from events, and a longer one whose server counts them apart). Counted by code alone (a server before
     * {@code priceReasons}), a code a price refusal also has ({@code no_bootstrap}, {@code reauth_required}) names
     * both rungs.
     */
    static String reasonLine(Count c, boolean split) {
        String code = codeOf(c.key());
        String rung = c.key().endsWith(BY_PRICE) ? dev.palisade.console.ui.common.Explanations.rungOf(code, PRICE)
                : dev.palisade.console.ui.common.Explanations.rungOfCode(code);
        if (!split && !rung.isEmpty() && !c.key().endsWith(BY_PRICE)
                && !dev.palisade.console.ui.common.Explanations.rungOf(code, PRICE).equals(rung)) {
            rung += " or " + dev.palisade.console.ui.common.Explanations.rungOf(code, PRICE) + BY_PRICE;
        }
        return c.count() + NO_BREAK + NO_BREAK + c.key().replace(" ", NO_BREAK)
                + (rung.isEmpty() ? "" : "  ·" + NO_BREAK + rung.replace(" ", NO_BREAK));
    }

    /** A row of this view's range, as {@link #reasonLine(Count, boolean)} tells it. */
    public String reasonLineInRange(Count c) {
        return reasonLine(c, live() || rangeSplitByPrice);
    }

    /**
     * The row a refusal is counted in: its code, or for a price refusal (a page, ticket or session used from an address
     * dearer than the one it was priced for, L4's answer) a row of its own, {@code no_bootstrap by price}, so the
     * defence against L4 is not counted as L0's or L2's (console audit 59).
     */
    static String reasonKey(EventView e) {
        return PRICE.equals(e.check()) ? e.code() + BY_PRICE : e.code();
    }

    /** The code of a row of the denials by reason, whose events a click shows. */
    public static String codeOf(String reasonKey) {
        return reasonKey.endsWith(BY_PRICE) ? reasonKey.substring(0, reasonKey.length() - BY_PRICE.length()) : reasonKey;
    }

    /** The check a row of the denials by reason stands for: {@code price} for a price refusals' row, else empty (any). */
    public static String checkOf(String reasonKey) {
        return reasonKey.endsWith(BY_PRICE) ? PRICE : "";
    }

    /**
     * The check a click on a row of the denials by reason filters by: {@code price} for a price refusals' row;
     * {@code !price} for the row of the same code beside it, which counts what the other checks refused (it opened the
     * price row's events too, session 61); else empty (any check), as a code no price row was split from counts.
     */
    public String checkOfRow(String reasonKey) {
        if (reasonKey.endsWith(BY_PRICE)) return PRICE;
        return splitByPrice.contains(reasonKey) ? "!" + PRICE : "";
    }

    /** The codes among {@code rows} that have a price row beside their own. */
    private static java.util.Set<String> splitByPrice(java.util.Collection<String> rows) {
        java.util.Set<String> split = new java.util.HashSet<>();
        for (String row : rows) {
            if (row.endsWith(BY_PRICE) && rows.contains(codeOf(row))) split.add(codeOf(row));
        }
        return split;
    }

    private static final String PRICE = "price";
    private static final String BY_PRICE = " by " + PRICE;

    private static final String NO_BREAK = "\u00a0";

    /**
     * A row of the offending addresses or sessions: its count and its key ({@code 12  127.0.0.1}). An IPv6 address may
     * wrap after any of its colons, so a long one reads whole in a narrow list (1024 px), "12  fd12:3456:789a:bcde:f012:"
     * over "3456:789a:bcde", never cut nor broken inside a group (session 49). JavaFX wraps plain text only at
     * whitespace (its line breaker, and a zero-width space, count only in complex scripts): a hair space, the
     * narrowest, follows each colon.
     */
    public static String offenderLine(Count c) {
        return c.count() + "  " + c.key().replace(":", ":" + MAY_BREAK);
    }

    private static final String MAY_BREAK = "\u200a";

    public ObservableList<Count> offendingIps() { return offendingIps; }
    public ObservableList<Count> offendingSessions() { return offendingSessions; }
    public ReadOnlyStringProperty health() { return health.getReadOnlyProperty(); }
    public ReadOnlyStringProperty error() { return error.getReadOnlyProperty(); }
    /** Empty, or what the server was too busy to report just now and when it is asked for again (not an error). */
    public ReadOnlyStringProperty busy() { return busy.getReadOnlyProperty(); }
    /** What the last action on an offender did. */
    public ReadOnlyStringProperty message() { return message.getReadOnlyProperty(); }
    /** The range shown; setting it loads that range. */
    public javafx.beans.property.ObjectProperty<TimeRange> range() { return range; }
    /** How the chart is drawn for the range. */
    public javafx.beans.property.ReadOnlyObjectProperty<ChartPlan> plan() { return plan.getReadOnlyProperty(); }
    /** The chart's highest point, which its count axis rises to. */
    public javafx.beans.property.ReadOnlyDoubleProperty peak() { return peak.getReadOnlyProperty(); }
    /** When stats last arrived (the server's clock): the server answers, whatever the live stream says. */
    public javafx.beans.property.ReadOnlyLongProperty refreshedAt() { return refreshedAt.getReadOnlyProperty(); }
}
