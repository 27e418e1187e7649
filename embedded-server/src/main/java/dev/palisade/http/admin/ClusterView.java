package dev.palisade.http.admin;

import dev.palisade.engine.state.NodeBeat;

import java.util.List;

/** What {@code GET /admin/cluster} shows: this node, and the others that beat lately. */
public interface ClusterView {

    /** True when started with {@code --cluster}. */
    boolean clustered();

    /** Where the shared state lives ({@code host:port/db}, never credentials), or null alone. */
    String sharedState();

    /** This node, now. */
    NodeBeat self();

    /** Every node that beat lately, this one included, oldest start first. */
    List<NodeBeat> members();
}
