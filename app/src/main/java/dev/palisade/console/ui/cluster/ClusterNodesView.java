package dev.palisade.console.ui.cluster;

import dev.palisade.console.client.Dtos.NodeView;
import dev.palisade.console.ui.common.ColumnFit;
import dev.palisade.console.ui.common.Columns;
import dev.palisade.console.ui.common.Measured;
import javafx.fxml.FXML;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;

import java.util.Locale;

/** Controller of Cluster.fxml. */
public final class ClusterNodesView {

    /** A clock this close to Redis's reads, and sorts, as "in step". */
    private static final long IN_STEP_MILLIS = 1_000;

    private final ClusterViewModel model;

    @FXML private Label summary;
    @FXML private Label error;
    @FXML private Label heartbeats;
    @FXML private TableView<NodeView> table;
    @FXML private TableColumn<NodeView, String> nodeColumn;
    @FXML private TableColumn<NodeView, Measured> stateColumn;
    @FXML private TableColumn<NodeView, String> addressColumn;
    @FXML private TableColumn<NodeView, String> versionColumn;
    @FXML private TableColumn<NodeView, Measured> uptimeColumn;
    @FXML private TableColumn<NodeView, String> callsColumn;
    @FXML private TableColumn<NodeView, Measured> clockColumn;
    @FXML private TableColumn<NodeView, String> healthColumn;

    public ClusterNodesView(ClusterViewModel model) {
        this.model = model;
    }

    @FXML
    private void initialize() {
        summary.textProperty().bind(model.summary());
        error.textProperty().bind(model.error());
        error.managedProperty().bind(error.textProperty().isNotEmpty());
        heartbeats.visibleProperty().bind(model.clustered());
        heartbeats.managedProperty().bind(model.clustered());
        Columns.text(nodeColumn, n -> n.id() + (n.self() ? "\nthis console's" : ""));
        // sorted as the cells mean, not as text ("for 10 s" came before "for 9 s", "12.0 s ahead" before "in step", ux48):
        // the nodes up first, then the others by how long they have been silent
        Columns.measured(stateColumn, n -> "up".equals(n.state()) ? new Measured(-1, n.state())
                : new Measured(model.silentSeconds(n), n.state() + "\nfor " + model.silentSeconds(n) + " s"));
        Columns.text(addressColumn, n -> addresses(n.api(), n.admin()));
        Columns.text(versionColumn, NodeView::version);
        // counted on one clock by the server; sorted by the seconds ("2 min" sorted as text came before "45 s", ux48)
        Columns.measured(uptimeColumn, n -> new Measured(n.uptimeSeconds(), uptime(n.uptimeSeconds())));
        Columns.numeric(callsColumn, n -> String.format(Locale.ROOT, "%.1f", n.callsPerSecond()));
        // from the furthest ahead to the furthest behind; "in step" within a second either way, sorted as one
        Columns.measured(clockColumn, n -> new Measured(Math.abs(n.clockOffsetMillis()) <= IN_STEP_MILLIS ? 0 : n.clockOffsetMillis(),
                clock(n.clockOffsetMillis())));
        Columns.text(healthColumn, n -> health(n.health()));
        Columns.tipped(healthColumn);
        ColumnFit.givesWayFirst(healthColumn); // "failing: " and every failing check: free text, told whole on hover
        Columns.sortable(table, model.nodes());
        table.setPlaceholder(new Label("No node has sent a heartbeat yet."));
        table.setRowFactory(t -> new javafx.scene.control.TableRow<>() {
            @Override
            protected void updateItem(NodeView n, boolean empty) {
                super.updateItem(n, empty);
                pseudoClassStateChanged(MISSING, !empty && n != null && !"up".equals(n.state()));
            }
        });
        ColumnFit.install(table);
    }

    private static final javafx.css.PseudoClass MISSING = javafx.css.PseudoClass.getPseudoClass("missing");

    /**
     * The node's clock against Redis's, which times the cluster's shared windows: "in step" within a second (the
     * server warns past it), else how far behind or ahead, since each node still judges signatures by its own;
     * on two lines, as the row has two ("12.3 s behind" on one took what the addresses lacked at 1024 px).
     */
    static String clock(long offsetMillis) {
        if (Math.abs(offsetMillis) <= IN_STEP_MILLIS) return "in step";
        return String.format(Locale.ROOT, "%.1f s\n%s", Math.abs(offsetMillis) / 1000.0, offsetMillis > 0 ? "behind" : "ahead");
    }

    /**
     * The node's two listeners, the API's above the admin's as the heading says ("API / admin"): in a column of
     * their own each, with the scheme, they were cut at 1024 px beside the Clock column (ux47). {@code http://}
     * goes, as it is what a listener is unless it says otherwise; {@code https://} stays.
     */
    static String addresses(String api, String admin) {
        return bare(api) + "\n" + bare(admin);
    }

    private static String bare(String url) {
        return url.startsWith("http://") ? url.substring("http://".length()) : url;
    }

    /**
     * A node's health; a missing node's as it last was ("last: ok"): how long it has been silent is said in its
     * State cell, and the server's whole "no heartbeat for 32 s (last: ok)" read "(las…" even at 1440 px.
     */
    static String health(String health) {
        String silent = "no heartbeat for ";
        int last = health.indexOf(" (last: ");
        if (!health.startsWith(silent) || last < 0 || !health.endsWith(")")) return health;
        return health.substring(last + 2, health.length() - 1);
    }

    /** 42 s, 17 min, 3 h 5 min, 2 d 4 h. */
    static String uptime(long seconds) {
        if (seconds < 60) return seconds + " s";
        if (seconds < 3_600) return seconds / 60 + " min";
        if (seconds < 86_400) return seconds / 3_600 + " h " + seconds % 3_600 / 60 + " min";
        return seconds / 86_400 + " d " + seconds % 86_400 / 3_600 + " h";
    }
}
