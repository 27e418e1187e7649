package dev.palisade.console.ui.common;

import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import javafx.scene.Scene;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A click on a header sorts a live table, filtered or refreshed, and numbers sort as numbers (under Monocle). */
@ExtendWith(ApplicationExtension.class)
class SortableTableTest {

    private record Row(String code, String count) {}

    private final ObservableList<Row> source = FXCollections.observableArrayList(
            new Row("rate_limited", "9"), new Row("bad_signature", "100"), new Row("allowed", "120"), new Row("replayed", "20.5"));
    private TableView<Row> table;
    private TableColumn<Row, String> code;
    private TableColumn<Row, String> count;

    @Start
    void start(Stage stage) {
        table = new TableView<>();
        code = new TableColumn<>("Code");
        Columns.text(code, Row::code);
        count = new TableColumn<>("Count");
        Columns.numeric(count, Row::count);
        table.getColumns().setAll(List.of(code, count));
        // as Events and the audit trail hold theirs: a filtered list, which a table cannot sort in place
        Columns.sortable(table, new FilteredList<>(source, r -> !r.code().equals("allowed")));
        stage.setMinWidth(0);
        stage.setMinHeight(0);
        stage.setScene(new Scene(table, 600, 300));
        stage.show();
    }

    private List<String> codes() {
        return table.getItems().stream().map(Row::code).toList();
    }

    @Test
    void aHeaderClickSortsAFilteredListAndTheOrderHoldsWhenTheListIsRefreshed(FxRobot robot) {
        assertThat(codes()).as("unsorted: as the model lists them").containsExactly("rate_limited", "bad_signature", "replayed");
        robot.clickOn("Code");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(codes()).containsExactly("bad_signature", "rate_limited", "replayed");
        // the next refresh replaces every row, as the live views do
        robot.interact(() -> source.setAll(new Row("stale", "1"), new Row("blacklisted", "5"), new Row("replayed", "3")));
        assertThat(codes()).as("still sorted by the column the header shows").containsExactly("blacklisted", "replayed", "stale");
        assertThat(table.getSortOrder()).containsExactly(code);
    }

    @Test
    void wholeNumbersSortAsNumbersNotAsText(FxRobot robot) {
        robot.interact(() -> {
            table.getSortOrder().setAll(List.of(count));
            count.setSortType(TableColumn.SortType.ASCENDING);
        });
        assertThat(table.getItems().stream().map(Row::count).toList()).containsExactly("9", "20.5", "100");
        assertThat(Columns.numberOf("1 234")).isEqualTo(1234.0);
        assertThat(Columns.numberOf("12/min")).isEqualTo(12.0);
        assertThat(Columns.numberOf("")).isEqualTo(Double.NEGATIVE_INFINITY);
    }
}
