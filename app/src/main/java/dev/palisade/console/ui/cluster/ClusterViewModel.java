package dev.palisade.console.ui.cluster;

import dev.palisade.console.client.AdminClient;
import dev.palisade.console.client.Dtos.ClusterView;
import dev.palisade.console.client.Dtos.NodeView;
import dev.palisade.console.ui.common.Background;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Cluster view: every node of the cluster the console's server belongs to, from their heartbeats
 * (address, version, uptime, calls per second, health), refreshed while the view is open; a server
 * started alone shows itself and says so.
 */
public final class ClusterViewModel {

    private final AdminClient admin;
    private final Background background;
    private final ObservableList<NodeView> nodes = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final javafx.beans.property.ReadOnlyBooleanWrapper clustered = new javafx.beans.property.ReadOnlyBooleanWrapper(false);
    /** Whether the view is on screen: the periodic refresh asks only then (the window binds it). */
    private final javafx.beans.property.BooleanProperty showing = new javafx.beans.property.SimpleBooleanProperty(false);
    private boolean loading;
    /** The node that answered: the times of the answer are on its clock. */
    private NodeView answering;

    public ClusterViewModel(AdminClient admin, Background background) {
        this.admin = admin;
        this.background = background;
    }

    /** Loads the nodes now (the view was opened). */
    public void load() {
        if (loading) return; // a slow answer is not asked for twice
        loading = true;
        background.run(admin::cluster, this::show, t -> {
            loading = false;
            error.set("Cannot read the cluster: " + t.getMessage());
        });
    }

    /** The periodic refresh: only while the view is shown. */
    public void refresh() {
        if (showing.get()) load();
    }

    public javafx.beans.property.BooleanProperty showing() { return showing; }

    /** The answer of {@code GET /admin/cluster} shown (package-private: the view's tests give it one). */
    void show(ClusterView view) {
        loading = false;
        error.set("");
        answering = view.nodes().stream().filter(NodeView::self).findFirst().orElse(null);
        nodes.setAll(view.nodes());
        summary.set(describe(view));
        clustered.set(view.clustered());
    }

    /**
     * How long {@code node} has not beaten, in whole seconds: its last beat against the answer's time, both on the
     * answering node's clock (the server's health says the same, worded for a wider cell).
     */
    public long silentSeconds(NodeView node) {
        return answering == null ? 0 : Math.max(0, (answering.lastSeenAt() - node.lastSeenAt()) / 1000);
    }

    static String describe(ClusterView view) {
        if (!view.clustered()) {
            return "This server runs alone (started without --cluster): nothing is shared with other servers.";
        }
        long up = view.nodes().stream().filter(n -> "up".equals(n.state())).count();
        long missing = view.nodes().size() - up;
        return view.nodes().size() + (view.nodes().size() == 1 ? " node" : " nodes") + ": " + up + " up"
                // the rule, not a time: beside a row's "missing for 216 s", "(no heartbeat for 5 s)" read as one
                + (missing == 0 ? "" : ", " + missing + " missing (silent 5 s or more)")
                + " · shared state in " + view.sharedState();
    }

    public ObservableList<NodeView> nodes() { return nodes; }
    public ReadOnlyStringProperty summary() { return summary.getReadOnlyProperty(); }
    public ReadOnlyStringProperty error() { return error.getReadOnlyProperty(); }
    /**
     * Whether the server is a cluster's node: only then can a node go missing, so only then is the heartbeat rule
     * told (false until the first answer).
     */
    public javafx.beans.property.ReadOnlyBooleanProperty clustered() { return clustered.getReadOnlyProperty(); }
}
