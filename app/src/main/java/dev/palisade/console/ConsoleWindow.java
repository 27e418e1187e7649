package dev.palisade.console;

import atlantafx.base.theme.PrimerLight;
import dev.palisade.console.client.AdminClient;
import dev.palisade.console.client.EventStream;
import dev.palisade.console.ui.common.FxBackground;
import dev.palisade.console.ui.common.LiveEvents;
import dev.palisade.console.ui.anomalies.AnomaliesView;
import dev.palisade.console.ui.anomalies.AnomaliesViewModel;
import dev.palisade.console.ui.configuration.ConfigurationView;
import dev.palisade.console.ui.configuration.ConfigurationViewModel;
import dev.palisade.console.ui.events.EventsView;
import dev.palisade.console.ui.events.EventsViewModel;
import dev.palisade.console.ui.fingerprints.FingerprintsView;
import dev.palisade.console.ui.fingerprints.FingerprintsViewModel;
import dev.palisade.console.scenarios.ScenarioContext;
import dev.palisade.console.ui.main.ConnectDialog;
import dev.palisade.console.ui.scenarios.ScenariosView;
import dev.palisade.console.ui.scenarios.ScenariosViewModel;
import dev.palisade.console.ui.main.MainView;
import dev.palisade.console.ui.main.ProtectDialog;
import dev.palisade.console.ui.main.Section;
import dev.palisade.console.ui.main.MainViewModel;
import dev.palisade.console.ui.overview.OverviewView;
import dev.palisade.console.ui.overview.OverviewViewModel;
import dev.palisade.console.ui.sessions.SessionsView;
import dev.palisade.console.ui.sessions.SessionsViewModel;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.fxml.FXMLLoader;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.stage.Stage;
import javafx.util.Duration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.Consumer;

/**
 * Builds the console's window for one server: the admin client, the live event stream, the view
 * models and their views, and the timers that feed them. {@link #close()} stops it all.
 */
public final class ConsoleWindow implements AutoCloseable {

    private final FxBackground background = new FxBackground();
    /**
     * Work on this machine's own files (the saved profiles): never queued behind requests to the
     * watched server, which a hung server holds for their whole timeout, just when the operator
     * wants to watch another one.
     */
    private final FxBackground local = new FxBackground();
    /**
     * A scenario run: minutes of work with a progress bar of its own. Counted with the views' requests, it kept the
     * status bar's busy indicator spinning for the whole run, which then no longer told when a view was loading
     * (audit 52); it does not take one of their threads either.
     */
    private final FxBackground runs = new FxBackground();
    private final LiveEvents live = new LiveEvents();
    private EventStream stream; // assigned once below; not final because the banner and its callbacks call it back
    private final Timeline ticker;
    private final Timeline poller;
    private MainView main; // assigned once below; not final because the scenarios view calls it back
    private final AdminClient admin;
    /** Null without a client page to attack (a remote server). */
    private ScenariosViewModel scenarios;

    private ConsoleWindow(Stage stage, ConsoleContext context, Consumer<String> openInBrowser,
                          Consumer<ConsoleContext> switchTo, Profiles profiles, Consumer<java.net.URI> protect,
                          java.net.URI protecting, java.time.Clock clock) {
        admin = new AdminClient(context.adminUrl(), context.adminToken());
        MainViewModel mainModel = new MainViewModel(context.description());
        OverviewViewModel overview = new OverviewViewModel(admin, background);
        SessionsViewModel sessions = new SessionsViewModel(admin, background);
        dev.palisade.console.ui.users.UserPageViewModel users = new dev.palisade.console.ui.users.UserPageViewModel(admin, background);

        FingerprintsViewModel fingerprints = new FingerprintsViewModel(admin, background);
        AnomaliesViewModel anomalies = new AnomaliesViewModel(admin, background);
        EventsViewModel events = new EventsViewModel(admin, background);
        ConfigurationViewModel configuration = new ConfigurationViewModel(admin, background);
        dev.palisade.console.ui.cluster.ClusterViewModel cluster = new dev.palisade.console.ui.cluster.ClusterViewModel(admin,
                background);
        List<Section> sections = new java.util.ArrayList<>();
        dev.palisade.console.ui.common.Today today = new dev.palisade.console.ui.common.Today(clock);

        sections.addAll(List.of(
                new Section("Overview", "fth-activity", load("ui/overview/Overview.fxml",
                        new OverviewView(overview, context.bundledInfo(), context.notice(), context.clientUrl(), openInBrowser,
                                new dev.palisade.console.ui.common.DrillDown() {
                                    @Override
                                    public void events(String field, String value, String check) {
                                        events.showFor(field, value, check);
                                        main.show(EVENTS_VIEW);
                                    }

                                    @Override
                                    public void eventsBetween(long from, long to) {
                                        events.showBetween(from, to);
                                        main.show(EVENTS_VIEW);
                                    }

                                    @Override
                                    public void sessionsFrom(String ip) {
                                        sessions.userFilter().set("");
                                        sessions.ipFilter().set(ip);
                                        sessions.search();
                                        main.showFilled(SESSIONS_VIEW);
                                    }
                                }))),
                new Section("Sessions", "fth-users", load("ui/sessions/Sessions.fxml", new SessionsView(sessions, name -> {
                    users.open(name);
                    main.show(USERS_VIEW);
                }, today))),
                new Section("Fingerprints", "fth-user-check", load("ui/fingerprints/Fingerprints.fxml",
                        new FingerprintsView(fingerprints, today))),
                new Section("Rate anomalies", "fth-trending-up", load("ui/anomalies/Anomalies.fxml",
                        new AnomaliesView(anomalies, today))),
                new Section("Events", "fth-list", load("ui/events/Events.fxml", new EventsView(events, today))),
                new Section("Users", "fth-user", new dev.palisade.console.ui.users.UserPageView(users, today), users::loadUsers),
                new Section("Configuration", "fth-sliders", load("ui/configuration/Configuration.fxml",
                        new ConfigurationView(configuration, today)), configuration::refreshLists),
                new Section("Cluster", "fth-server", load("ui/cluster/Cluster.fxml",
                        new dev.palisade.console.ui.cluster.ClusterNodesView(cluster)), cluster::load)));
        if (context.clientUrl() != null) {
            // scenarios need the public API's address, which only a bundled server tells for sure
            scenarios = new ScenariosViewModel(new ScenarioContext(
                    context.clientUrl().replaceAll("/$", ""), admin, context.clientCertificate()), runs);
            sections.add(new Section("Scenarios", "fth-zap", load("ui/scenarios/Scenarios.fxml", new ScenariosView(scenarios,
                    step -> {
                        events.show(step.code(), step.source(), step.at());
                        main.show(EVENTS_VIEW);
                    }))));
        }
        main = new MainView(mainModel, sections, background.inFlight(), () -> {
                    ConnectDialog dialog = new ConnectDialog(profiles, local, ConnectDialog::answers);
                    dialog.initOwner(stage);
                    dialog.showAndWait().filter(p -> mayDropEdits(stage, configuration, "Connect to "
                                    + (p.named() ? p.name() : p.adminUrl()) + "?", "Connect"))
                            .ifPresent(p -> switchTo.accept(ConsoleContext.remote(p.adminUrl(), p.adminToken(), p.description())));
                }, protect == null ? null : () -> {
                    ProtectDialog dialog = new ProtectDialog(protecting);
                    dialog.initOwner(stage);
                    dialog.showAndWait().filter(p -> mayDropEdits(stage, configuration, p == ProtectDialog.DEMO_API
                                    ? "Restart the server with its demo API?" : "Restart the server protecting the API?", "Restart"))
                            .ifPresent(p -> protect.accept(p == ProtectDialog.DEMO_API ? null : p));
                }, () -> this.stream.retryNow());
        Parent root = load("ui/main/Main.fxml", main);
        main.onAlertedUser(sessions::showAlertedUser); // a login farm's alert: Sessions lists its user's sessions, says why
        // a hidden Sessions view is not reloaded: each page costs the server a pass over every session
        sessions.showing().bind(main.shown().isEqualTo(SESSIONS_VIEW));
        cluster.showing().bind(main.shown().isEqualTo(CLUSTER_VIEW)); // its poll, every 2 s, only while it is read
        configuration.showing().bind(main.shown().isEqualTo(CONFIGURATION_VIEW));
        users.showing().bind(main.shown().isEqualTo(USERS_VIEW));

        live.subscribe(overview::onEvents);
        live.subscribe(sessions::onEvents);
        live.subscribe(fingerprints::onEvents);
        live.subscribe(anomalies::onEvents);
        live.subscribe(events::onEvents);
        live.subscribe(mainModel.alerts()::onEvents);
        live.subscribe(configuration::onEvents); // its lists follow changes made elsewhere
        live.subscribe(users::onEvents); // the chosen user's page follows their logins and refusals
        // at most ten UI updates a second, whatever the event rate
        ticker = new Timeline(new KeyFrame(Duration.millis(LiveEvents.FLUSH_MILLIS), e -> {
            mainModel.delivered(live.flush(), live.missed(), System.currentTimeMillis());
            events.missed(live.missed());
            if (scenarios != null) scenarios.flush(); // a scenario's steps, as they came
        }));
        ticker.setCycleCount(Timeline.INDEFINITE);
        poller = new Timeline(new KeyFrame(Duration.seconds(2), e -> {
            overview.refresh();
            sessions.refreshIfStale();
            users.refreshIfStale();
            cluster.refresh();
            long now = System.currentTimeMillis();
            anomalies.tick(now); // a "last 15 minutes" lets old anomalies and events go as time passes
            events.tick(now);
            fingerprints.tick(now); // a load the server was too busy for is asked again
            configuration.tick(now);
            users.tick(now); // the user page's lists the server was too busy for are asked again
            today.check(); // after midnight, yesterday's times get their date back
        }));
        poller.setCycleCount(Timeline.INDEFINITE);
        stream = new EventStream(context.adminUrl(), context.adminToken(), live::offer,
                state -> {
                    long next = this.stream == null ? 0 : this.stream.nextAttemptAt();
                    EventStream.Cause cause = this.stream == null ? EventStream.Cause.LOST : this.stream.cause();
                    Platform.runLater(() -> mainModel.connectionChanged(state, next, cause));
                }, live::droppedByServer);
        // a refused token is never sent again: each wrong one counts against every admin client of this
        // address (ten a minute shut the owner's own console out), so the window stops and says why
        admin.onTokenRefused(() -> Platform.runLater(mainModel::tokenRefused));
        mainModel.connection().addListener((o, was, now) -> {
            if (now == EventStream.State.REFUSED) {
                poller.stop();
                stream.close();
            }
        });
        // when the connection comes back, each view reloads what it missed (a restarted server's
        // counts, sessions and events): one consistent state instead of old lists beside new ones
        mainModel.setOnRestored(() -> {
            overview.load();
            sessions.load();
            fingerprints.load();
            anomalies.load();
            events.load();
            users.loadUsers(); // the chosen user's page, as it is now (audit 51)
            configuration.reloadAfterReconnect();
        });
        // stats arriving while the stream waits out its backoff: the server is back, try the stream now
        overview.refreshedAt().addListener((o, was, now) -> {
            if (mainModel.connection().get() == EventStream.State.RECONNECTING) this.stream.retryNow();
        });

        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        // the theme chosen last time, read off the FX thread (the preferences are files)
        local.run(profiles::prefersDark, dark -> {
            if (dark) main.showDark(true);
        }, t -> { });
        // the choice shown last is written, whichever of two quick toggles' writes runs last
        java.util.concurrent.atomic.AtomicBoolean shownDark = new java.util.concurrent.atomic.AtomicBoolean();
        main.onThemeChosen(dark -> {
            shownDark.set(dark);
            local.run(() -> {
                profiles.rememberDark(shownDark.get());
                return null;
            }, d -> { }, t -> { });
        });
        Scene scene = new Scene(root);
        scene.getStylesheets().add(ConsoleWindow.class.getResource("ui/main/console.css").toExternalForm());
        dev.palisade.console.ui.common.OpaquePopups.install(scene);
        KeyCode[] digits = {KeyCode.DIGIT1, KeyCode.DIGIT2, KeyCode.DIGIT3, KeyCode.DIGIT4, KeyCode.DIGIT5,
                KeyCode.DIGIT6, KeyCode.DIGIT7, KeyCode.DIGIT8, KeyCode.DIGIT9};
        for (int i = 0; i < Math.min(digits.length, main.sectionCount()); i++) {
            int index = i;
            scene.getAccelerators().put(new KeyCodeCombination(digits[i], KeyCombination.SHORTCUT_DOWN), () -> main.show(index));
        }
        stage.setTitle("Palisade console — " + context.description());
        List<javafx.scene.image.Image> icons = new java.util.ArrayList<>();
        for (int size : new int[] {16, 32, 64, 128, 256}) {
            icons.add(new javafx.scene.image.Image(ConsoleWindow.class.getResource("icons/palisade-" + size + ".png").toExternalForm()));
        }
        stage.getIcons().setAll(icons);
        stage.setScene(scene);
        if (!stage.isShowing()) fitToScreen(stage);
        // edits typed in Configuration and not applied would go without a word
        stage.setOnCloseRequest(e -> {
            if (!mayDropEdits(stage, configuration, "Close with changes not applied?", "Close")) e.consume();
        });

        overview.load();
        sessions.load();
        fingerprints.load();
        anomalies.load();
        events.load();
        configuration.load();
        ticker.play();
        poller.play();
        stream.start();
    }

    /**
     * Builds the window on {@code stage} (on the FX thread) and starts its live updates.
     *
     * @param switchTo called with another server the operator chose to watch instead
     */
    public static ConsoleWindow open(Stage stage, ConsoleContext context, Consumer<String> openInBrowser,
                                     Consumer<ConsoleContext> switchTo, Profiles profiles) {
        return new ConsoleWindow(stage, context, openInBrowser, switchTo, profiles, null, null, java.time.Clock.systemDefaultZone());
    }

    /** As {@link #open}, its tables' times shown as {@code clock} tells the day (a test's midnight). */
    static ConsoleWindow open(Stage stage, ConsoleContext context, Consumer<String> openInBrowser,
                              Consumer<ConsoleContext> switchTo, Profiles profiles, java.time.Clock clock) {
        return new ConsoleWindow(stage, context, openInBrowser, switchTo, profiles, null, null, clock);
    }

    /**
     * As {@link #open}, for a bundled server that the "Protect an API" dialog can put in front of an upstream:
     * it protects {@code protecting} now (null: its demo API), and {@code protect} is given null to serve the
     * demo API again.
     */
    public static ConsoleWindow open(Stage stage, ConsoleContext context, Consumer<String> openInBrowser,
                                     Consumer<ConsoleContext> switchTo, Profiles profiles, Consumer<java.net.URI> protect,
                                     java.net.URI protecting) {
        return new ConsoleWindow(stage, context, openInBrowser, switchTo, profiles, protect, protecting,
                java.time.Clock.systemDefaultZone());
    }

    /**
     * 1440×900 where the screen has room for it, else the screen's usable area: a window larger than
     * the screen hid the status bar and the lists' lower rows at 1024×700 (issue 15). The console
     * is laid out to work from 1024×700 up.
     */
    static void fitToScreen(Stage stage) {
        javafx.geometry.Rectangle2D screen = javafx.stage.Screen.getPrimary().getVisualBounds();
        stage.setMinWidth(Math.min(MIN_WIDTH, screen.getWidth()));
        stage.setMinHeight(Math.min(MIN_HEIGHT, screen.getHeight()));
        stage.setWidth(Math.min(1440, screen.getWidth()));
        stage.setHeight(Math.min(900, screen.getHeight()));
        stage.setX(screen.getMinX() + (screen.getWidth() - stage.getWidth()) / 2);
        stage.setY(screen.getMinY() + (screen.getHeight() - stage.getHeight()) / 2);
    }

    /** Positions of the views in the navigation (Overview is 0). */
    static final int SESSIONS_VIEW = 1;
    static final int EVENTS_VIEW = 4;
    /** True when Configuration holds no edits not applied, or the operator chose to drop them. */
    private static boolean mayDropEdits(Stage stage, ConfigurationViewModel configuration, String question, String goOn) {
        List<String> unapplied = configuration.unapplied();
        return unapplied.isEmpty() || dev.palisade.console.ui.common.Dialogs.confirmDiscard(stage, question,
                "Configuration › " + String.join(", ", unapplied) + " " + (unapplied.size() == 1 ? "holds" : "hold")
                        + " changes you have not applied. Going on drops them; the server keeps what is in force.", goOn);
    }

    static final int CONFIGURATION_VIEW = 6;
    static final int CLUSTER_VIEW = 7;
    static final int USERS_VIEW = 5;

    static final double MIN_WIDTH = 1024;
    static final double MIN_HEIGHT = 700;

    private static Parent load(String fxml, Object controller) {
        FXMLLoader loader = new FXMLLoader(ConsoleWindow.class.getResource(fxml));
        loader.setController(controller); // controllers take their view model in the constructor
        try {
            return loader.load();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load " + fxml, e);
        }
    }

    public MainView main() { return main; }

    /**
     * After {@link #close()}: waits, at most {@code millis}, for a scenario run it cut short to close its browser and
     * revoke its debug token, which needs the server still up. Not on the FX thread.
     */
    public void awaitScenariosStopped(long millis) throws InterruptedException {
        if (scenarios != null) scenarios.awaitStopped(millis);
    }

    /** Stops everything the window started: timers, a scenario run, the live stream, background work, the admin client. */
    @Override
    public void close() {
        onFxThread(() -> {
            ticker.stop();
            poller.stop();
        });
        if (scenarios != null) scenarios.stop();
        stream.close();
        background.close();
        runs.close();
        local.close();
        admin.close();
    }

    /**
     * Runs {@code r} on the FX thread, waiting up to 2 s when called from another (a test's clean-up): a timeline is the
     * FX thread's, and one stopped elsewhere can meet JavaFX 21's pulse half-removed (an NPE in AbstractPrimaryTimer,
     * raised later in whatever test runs next). Nothing is run once the toolkit has exited.
     */
    private static void onFxThread(Runnable r) {
        if (Platform.isFxApplicationThread()) {
            r.run();
            return;
        }
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        try {
            Platform.runLater(() -> {
                try {
                    r.run();
                } finally {
                    done.countDown();
                }
            });
            done.await(2, java.util.concurrent.TimeUnit.SECONDS);
        } catch (IllegalStateException toolkitExited) {
            // no FX thread left to run a timeline either
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
