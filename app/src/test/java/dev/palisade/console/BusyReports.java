package dev.palisade.console;

import java.util.ArrayList;
import java.util.List;

/**
 * A real server made busy with reports, as a console finds it while other operators' reports hold every place: its
 * own report, asked for meanwhile, is refused 503 {@code report_busy} with a {@code Retry-After}. The reports that
 * hold the places are made for real and finish once {@code ask} has run; nothing of the server is replaced.
 */
public final class BusyReports {

    /** Something the console asks of the server while it is busy. */
    @FunctionalInterface
    public interface Ask {
        void run() throws Exception;
    }

    private BusyReports() {}

    /**
     * Runs {@code ask} while the reports of the allowed calls (the timeline, the traffic) are all under way: two of
     * them (CallRollups.READERS, its limit) held where they count the minutes in memory, under the rollups' own lock,
     * so a third waits its 2 s for a place and is refused.
     */
    public static void ofAllowedCalls(TestServer server, Ask ask) throws Exception {
        dev.palisade.engine.event.CallRollups rollups = server.bundled.server().engine().rollups();
        List<Thread> reports = new ArrayList<>();
        synchronized (rollups) {
            for (int i = 0; i < 2; i++) { // CallRollups.READERS
                Thread report = new Thread(() -> rollups.top(dev.palisade.engine.event.Rollup.Dimension.ROUTE, 0,
                        System.currentTimeMillis() + 1, 10), "held report " + i);
                report.start();
                reports.add(report);
            }
            waitUntilBlocked(reports); // in its place, at the lock
            ask.run();
        }
        for (Thread report : reports) report.join();
    }

    /**
     * Runs {@code ask} while the database's reports (pages of events, counts) are all under way: as many as it makes
     * or lets wait at once (SqliteStore.REPORTS_AT_ONCE) wait for the reports' connection, which is held meanwhile,
     * so a page of events asked for is refused at once. The connection and the count are the store's own, reached by
     * reflection: the store lends no report to a test outside its package.
     */
    public static void ofStoredEvents(TestServer server, Ask ask) throws Exception {
        dev.palisade.store.sqlite.SqliteStore store = server.bundled.server().store();
        Class<?> type = dev.palisade.store.sqlite.SqliteStore.class;
        java.lang.reflect.Field places = type.getDeclaredField("REPORTS_AT_ONCE");
        places.setAccessible(true);
        java.lang.reflect.Field connection = type.getDeclaredField("reports");
        connection.setAccessible(true);
        Object reportsConnection = connection.get(store);
        List<Thread> reports = new ArrayList<>();
        synchronized (reportsConnection) {
            for (int i = 0; i < places.getInt(null); i++) {
                Thread report = new Thread(() -> store.countEvents(dev.palisade.engine.event.EventQuery.latest(1)),
                        "held report " + i);
                report.start();
                reports.add(report);
            }
            waitUntilBlocked(reports); // each in its place, waiting for the connection
            ask.run();
        }
        for (Thread report : reports) report.join();
    }

    /** A thread blocked on a monitor is a state, with no signal to wait on: it is looked at until it is so. */
    private static void waitUntilBlocked(List<Thread> reports) throws InterruptedException {
        for (Thread report : reports) {
            while (report.getState() != Thread.State.BLOCKED) Thread.sleep(10);
        }
    }
}
