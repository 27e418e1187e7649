package dev.palisade.console;

import javafx.application.Application;
import javafx.stage.Stage;

/** The JavaFX application: one window on the server {@link Launcher} prepared. */
public final class ConsoleApp extends Application {

    private static final System.Logger LOG = System.getLogger(ConsoleApp.class.getName());
    /** How long the exit waits for a scenario run cut short to close its browser and revoke its token. */
    private static final long SCENARIO_END_MILLIS = 10_000;

    private static volatile ConsoleContext context;
    /** The bundled server, through its restarts; null for a console on a remote server. */
    private static volatile RunningServer servers;
    private ConsoleWindow window;
    /** The thread {@link #stop()} left stopping the bundled server; null before. */
    private volatile Thread stopping;

    /** Called by {@link Launcher} before {@link #launch}: JavaFX builds the application itself. */
    static void prepare(ConsoleContext ctx, BundledServer bundled) {
        context = ctx;
        servers = bundled == null ? null : new RunningServer(bundled, javafx.application.Platform::runLater);
        // SIGTERM or Ctrl+C in the terminal: stop the bundled server as closing the window would, so it
        // writes its queued events and says how many, as the server alone does
        if (bundled != null) Runtime.getRuntime().addShutdownHook(new Thread(servers::close, "palisade-console-shutdown"));
    }

    @Override
    public void start(Stage stage) {
        Launcher.fxStarted();
        show(stage, context);
        stage.show();
    }

    /** Shows {@code ctx} in the window, replacing what it showed; a bundled server keeps running. */
    private void show(Stage stage, ConsoleContext ctx) {
        if (window != null) window.close();
        BundledServer bundled = servers == null ? null : servers.current();
        boolean ownServer = bundled != null && ctx.adminUrl().equals(bundled.context().adminUrl());
        // connected back to its own server through Connect…: its page and Scenarios are known again, with the token given
        ConsoleContext shown = ownServer && ctx.clientUrl() == null ? bundled.context().withAccess(ctx.adminToken(), ctx.description()) : ctx;
        window = ConsoleWindow.open(stage, shown, new LinkOpener(LinkOpener.desktop(url -> getHostServices().showDocument(url)),
                url -> javafx.application.Platform.runLater(() -> noBrowser(stage, url))), next -> show(stage, next),
                Profiles.forUser(), ownServer ? upstream -> protect(stage, upstream) : null, ownServer ? bundled.upstream() : null);
    }

    /** Says in the window that no browser could open {@code url}, and where to open it by hand. */
    private static void noBrowser(Stage stage, String url) {
        javafx.scene.control.Alert alert = new javafx.scene.control.Alert(javafx.scene.control.Alert.AlertType.INFORMATION,
                "Open " + url + " in a browser yourself.");
        alert.setHeaderText("No browser could be opened");
        alert.initOwner(stage);
        alert.show();
    }

    /**
     * Restarts the bundled server in front of {@code upstream}, off the FX thread, then shows it again.
     * If it cannot start so, the server it was is started again and shown, and the operator is told.
     */
    private void protect(Stage stage, java.net.URI upstream) {
        // told in a turn of the FX thread that closing the window waits for: the alert, which waits for the operator,
        // comes in a turn of its own
        boolean started = servers.protect(upstream, java.time.Duration.ofSeconds(30), next -> show(stage, next.context()), e -> {
            if (e.runningAsBefore() != null) show(stage, e.runningAsBefore().context()); // else the window says the connection is lost
            javafx.application.Platform.runLater(() -> new javafx.scene.control.Alert(
                    javafx.scene.control.Alert.AlertType.ERROR, e.getMessage()).showAndWait());
        });
        // a second click while the first restart is under way; with none running, the failed restart's alert said so
        if (!started && servers.restarting()) {
            javafx.scene.control.Alert busy = new javafx.scene.control.Alert(javafx.scene.control.Alert.AlertType.INFORMATION,
                    "The bundled server is restarting for the last request; the window shows it again once it runs.");
            busy.initOwner(stage);
            busy.show();
        }
    }

    /**
     * Closing the window stops the live updates and a scenario run (waiting up to 10 s for its browser to close and its
     * token to be revoked), then the bundled server (once a restart under way is done), which drains its events to disk
     * (up to about a minute at worst): on a thread of its own, not the FX thread, and not a daemon, so the process lives
     * until the server has stopped.
     */
    @Override
    public void stop() {
        ConsoleWindow closed = window;
        if (closed != null) closed.close();
        RunningServer exit = servers;
        if (exit == null && closed == null) return;
        // also without a bundled server (a remote one): the run still closes its browser and revokes its token
        Thread closing = new Thread(() -> {
            try {
                if (closed != null) closed.awaitScenariosStopped(SCENARIO_END_MILLIS);
            } catch (InterruptedException e) {
                // nothing interrupts this thread; were it to, the server is to be stopped all the same
            }
            if (exit == null) return;
            try {
                exit.close();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "Stopping the bundled server failed", e);
            }
        }, "palisade-console-stop");
        stopping = closing;
        closing.start();
    }

    /** The thread the last {@link #stop()} started to stop the bundled server, or null. */
    Thread stopping() { return stopping; }
}
