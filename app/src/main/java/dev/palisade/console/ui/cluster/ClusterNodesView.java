package dev.palisade.console.ui.cluster;

import dev.palisade.console.client.Dtos.NodeView;
import dev.palisade.console.ui.common.ColumnFit;
import dev.palisade.console.ui.common.Columns;
import javafx.fxml.FXML;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;

import java.util.Locale;

/** Controller of Cluster.fxml. */
public final class ClusterNodesView {

    private final ClusterViewModel model;

    @FXML private Label summary;
    @FXML private Label error;
    @FXML private TableView<NodeView> table;
    @FXML private TableColumn<NodeView, String> nodeColumn;
    @FXML private TableColumn<NodeView, String> stateColumn;
    @FXML private TableColumn<NodeView, String> apiColumn;
    @FXML private TableColumn<NodeView, String> adminColumn;
    @FXML private TableColumn<NodeView, String> versionColumn;
    @FXML private TableColumn<NodeView, String> uptimeColumn;
    @FXML private TableColumn<NodeView, String> callsColumn;
    @FXML private TableColumn<NodeView, String> clockColumn;
    @FXML private TableColumn<NodeView, String> healthColumn;

    public ClusterNodesView(ClusterViewModel model) {
        this.model = model;
    }

    @FXML
    private void initialize() {
        summary.textProperty().bind(model.summary());
        error.textProperty().bind(model.error());
        error.managedProperty().bind(error.textProperty().isNotEmpty());
        Columns.text(nodeColumn, n -> n.id() + (n.self() ? " · this console's" : ""));
        Columns.text(stateColumn, NodeView::state);
        Columns.text(apiColumn, NodeView::api);
        Columns.text(adminColumn, NodeView::admin);
        Columns.text(versionColumn, NodeView::version);
        Columns.text(uptimeColumn, n -> uptime(n.uptimeSeconds()));
        Columns.numeric(callsColumn, n -> String.format(Locale.ROOT, "%.1f", n.callsPerSecond()));
        Columns.text(clockColumn, n -> clock(n.clockOffsetMillis()));
        Columns.text(healthColumn, NodeView::health);
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
     * server warns past it), else how far behind or ahead, since each node still judges signatures by its own.
     */
    static String clock(long offsetMillis) {
        if (Math.abs(offsetMillis) <= 1_000) return "in step";
        return String.format(Locale.ROOT, "%.1f s %s", Math.abs(offsetMillis) / 1000.0, offsetMillis > 0 ? "behind" : "ahead");
    }

    /** 42 s, 17 min, 3 h 5 min, 2 d 4 h. */
    static String uptime(long seconds) {
        if (seconds < 60) return seconds + " s";
        if (seconds < 3_600) return seconds / 60 + " min";
        if (seconds < 86_400) return seconds / 3_600 + " h " + seconds % 3_600 / 60 + " min";
        return seconds / 86_400 + " d " + seconds % 86_400 / 3_600 + " h";
    }
}
