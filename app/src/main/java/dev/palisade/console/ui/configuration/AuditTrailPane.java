package dev.palisade.console.ui.configuration;

import dev.palisade.console.client.Dtos.EventView;
import dev.palisade.console.ui.common.ColumnFit;
import dev.palisade.console.ui.common.Columns;
import dev.palisade.console.ui.common.Today;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;

import java.util.function.Function;

/**
 * The Configuration view's "Audit trail" tab: every admin change, newest first, with who made it,
 * filtered by actor; reloaded when the tab is shown and by Refresh (the view is not fed live events).
 * Built in code like {@link DebugTokensPane}; it only binds to {@link AuditTrailSection}.
 */
public final class AuditTrailPane extends VBox {

    public AuditTrailPane(AuditTrailSection section, Today today) {
        super(8);
        setPadding(new Insets(10, 4, 4, 4));
        setId("audit-trail");

        Label intro = new Label("Every change made through the admin API, newest first, and who made it: owner for"
                + " the holder of admin.token, an operator token's name, or palisade for what the server does by your"
                + " rules (an address blocked automatically, wrong admin tokens throttled).");
        intro.setWrapText(true);
        intro.setMinHeight(Region.USE_PREF_SIZE); // all its lines, also when the view is short
        intro.getStyleClass().add("text-muted");

        ComboBox<String> actor = new ComboBox<>(section.actors());
        actor.setId("audit-actor");
        actor.setConverter(new StringConverter<>() {
            @Override
            public String toString(String name) {
                return name == null || name.equals(AuditTrailSection.EVERYONE) ? "everyone" : name;
            }

            @Override
            public String fromString(String text) { return text; }
        });
        actor.valueProperty().bindBidirectional(section.actor());
        Button refresh = new Button("Refresh");
        refresh.setId("audit-refresh");
        refresh.setOnAction(e -> section.load());
        Button older = new Button("Load older");
        older.setId("audit-older");
        older.disableProperty().bind(section.more().not());
        older.setOnAction(e -> section.loadOlder());
        HBox bar = new HBox(8, new Label("Changes by"), actor, refresh, older);
        bar.setAlignment(Pos.CENTER_LEFT);
        for (javafx.scene.Node n : bar.getChildren()) ((Region) n).setMinWidth(Region.USE_PREF_SIZE);

        TableView<EventView> table = Columns.sortable(section.events());
        table.setId("audit-table");
        table.setPlaceholder(new Label("No admin changes loaded."));
        table.getColumns().add(Columns.time("When", 130, EventView::at, today)); // today's without the date, as Events
        table.getColumns().add(column("Actor", 110, EventView::actor));
        table.getColumns().add(column("Action", 150, EventView::code));
        table.getColumns().add(column("Detail", 420, EventView::detail));
        ColumnFit.install(table);

        Label message = new Label();
        message.setId("audit-message");
        message.setWrapText(true);
        message.setMinHeight(Region.USE_PREF_SIZE); // all its lines, also when the view is short
        message.getStyleClass().add("text-muted");
        message.textProperty().bind(section.message());

        Label busy = new Label(); // calm, not an error: the trail stays and is asked for again (session 51)
        busy.setId("audit-busy");
        busy.setWrapText(true);
        busy.setMinHeight(Region.USE_PREF_SIZE);
        busy.getStyleClass().add("text-muted");
        busy.textProperty().bind(section.busy());
        busy.visibleProperty().bind(section.busy().isNotEmpty());
        busy.managedProperty().bind(busy.visibleProperty());

        getChildren().addAll(intro, bar, table, message, busy);
        VBox.setVgrow(table, Priority.ALWAYS);
    }

    /** The tab showing the trail, which loads the newest page each time it is shown (the view is not fed live events). */
    public static Tab tab(AuditTrailSection section, Today today) {
        Tab tab = new Tab("Audit", new AuditTrailPane(section, today));
        tab.setOnSelectionChanged(e -> {
            if (tab.isSelected()) section.load();
        });
        return tab;
    }

    private static TableColumn<EventView, String> column(String title, double width, Function<EventView, String> value) {
        TableColumn<EventView, String> c = new TableColumn<>(title);
        c.setPrefWidth(width);
        Columns.text(c, value);
        Columns.tipped(c); // cut to fit, read whole on hover (ux48b: Audit's "…the previous one verifi…")
        return c;
    }
}
