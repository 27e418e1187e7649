package dev.palisade.console;

import dev.palisade.console.client.Dtos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Configuration › Access and Blacklist in the real window (headless), against a real bundled server: what stays on screen. */
@ExtendWith(ApplicationExtension.class)
class AccessWindowTest {

    private TestServer server;
    private ConsoleWindow window;
    private Stage stage;

    @Start
    void start(Stage stage) throws Exception {
        server = TestServer.inScratch("palisade-access-window-test");
        this.stage = stage;
        window = ConsoleWindow.open(stage, server.context(), url -> { }, ctx -> { },
                dev.palisade.console.TestProfiles.fresh());
        stage.show();
    }

    @AfterEach
    void stop() {
        window.close();
        server.close();
    }

    private static void waitUntil(java.util.concurrent.Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, condition);
    }

    private void openAccess(FxRobot robot) {
        robot.clickOn(robot.lookup((Node n) -> n instanceof javafx.scene.control.ToggleButton b
                && "Configuration".equals(b.getText())).queryAs(javafx.scene.control.ToggleButton.class));
        WindowParts.tab(robot, "Access");
    }

    private String createKey(FxRobot robot, String name) throws Exception {
        robot.doubleClickOn("#keyName").eraseText(20).write(name);
        robot.doubleClickOn("#keyScopes").eraseText(30).write("/api/notes");
        robot.clickOn("Create key");
        TextField created = robot.lookup("#createdKey").queryAs(TextField.class);
        waitUntil(() -> WindowParts.showing(created) && created.getText().startsWith("pal."));
        return created.getText();
    }

    @Test
    void theBlacklistFieldsShowTheirWholePromptsInTheSmallestWindow(FxRobot robot) {
        robot.interact(() -> {
            stage.setWidth(1024);
            stage.setHeight(700);
        });
        robot.clickOn(robot.lookup((Node n) -> n instanceof javafx.scene.control.ToggleButton b
                && "Configuration".equals(b.getText())).queryAs(javafx.scene.control.ToggleButton.class));
        WindowParts.tab(robot, "Blacklist");
        WaitForAsyncUtils.waitForFxEvents();
        for (String id : java.util.List.of("#blValue", "#blReason", "#blExpiry")) {
            TextField field = robot.lookup(id).queryAs(TextField.class);
            assertThat(field.getText()).as(id + " empty, so its prompt is drawn").isEmpty();
            javafx.scene.text.Text prompt = drawn(field, field.getPromptText());
            assertThat(prompt).as(id + ": its prompt is drawn").isNotNull();
            double room = field.getWidth() - field.snappedLeftInset() - field.snappedRightInset();
            assertThat(prompt.getLayoutBounds().getWidth()).as(id + ": \"" + field.getPromptText() + "\" fits")
                    .isLessThanOrEqualTo(room);
        }
        Node tab = robot.lookup("#blacklist").queryAs(TableView.class).getParent();
        java.util.Set<Node> buttons = robot.from(tab).lookup(".button").queryAll();
        assertThat(buttons).as("Preview, Add, Remove, Import file…").hasSizeGreaterThanOrEqualTo(4);
        for (Node n : buttons) {
            if (n instanceof javafx.scene.control.Button b) {
                assertThat(drawn(b, b.getText())).as("the button " + b.getText() + " is whole").isNotNull();
            }
        }
    }

    /** The Text node a control draws {@code text} with (a field's prompt, a label's text). */
    private static javafx.scene.text.Text drawn(javafx.scene.Parent parent, String text) {
        for (Node c : parent.getChildrenUnmodifiable()) {
            if (c instanceof javafx.scene.text.Text t && text.equals(t.getText())) return t;
            if (c instanceof javafx.scene.Parent p) {
                javafx.scene.text.Text found = drawn(p, text);
                if (found != null) return found;
            }
        }
        return null;
    }

    @Test
    void aNewApiKeyIsShownUntilDoneOrUntilItIsRevoked(FxRobot robot) throws Exception {
        openAccess(robot);
        TextField created = robot.lookup("#createdKey").queryAs(TextField.class);
        createKey(robot, "ci");
        robot.clickOn("#key-dismiss");
        waitUntil(() -> !WindowParts.showing(created));
        assertThat(created.getText()).as("forgotten, not only hidden").isEmpty();

        createKey(robot, "nightly");
        @SuppressWarnings("unchecked")
        TableView<Dtos.ApiKeyView> keys = robot.lookup("#apiKeys").queryAs(TableView.class);
        waitUntil(() -> keys.getItems().stream().anyMatch(k -> k.name().equals("nightly")));
        robot.interact(() -> keys.getSelectionModel().select(keys.getItems().stream()
                .filter(k -> k.name().equals("nightly")).findFirst().orElseThrow()));
        robot.clickOn("Revoke key…");
        robot.clickOn("OK");
        waitUntil(() -> server.admin().apiKeys().stream().anyMatch(k -> k.name().equals("nightly") && k.state().equals("revoked")));
        waitUntil(() -> !WindowParts.showing(created));
        assertThat(created.getText()).isEmpty();
    }

    @Test
    void aRefusedNewUserKeepsTheTypedPasswordAndACreatedOneClearsIt(FxRobot robot) throws Exception {
        openAccess(robot);
        PasswordField password = robot.lookup("#userPassword").queryAs(PasswordField.class);
        Label message = robot.lookup("#userMessage").queryAs(Label.class);
        robot.clickOn("#userName").write(BundledServer.DEMO_USER); // taken: the server refuses it
        robot.clickOn("#userPassword").write("a long enough password");
        robot.clickOn("Create user");
        waitUntil(() -> !message.getText().isEmpty());
        assertThat(message.getText()).doesNotContain("created");
        assertThat(password.getText()).as("kept to try again").isEqualTo("a long enough password");

        robot.doubleClickOn("#userName").eraseText(10).write("erin");
        robot.clickOn("Create user");
        waitUntil(() -> message.getText().equals("User erin created."));
        assertThat(password.getText()).as("not left in the field").isEmpty();
        assertThat(server.admin().user("erin").username()).isEqualTo("erin");
    }

    /**
     * ux44 D4: at 1024×700 the users list was one row tall beside a near-empty API-keys list, and a
     * disabled user looked like the others. The users get the larger share, several at once, each with
     * its state.
     */
    @Test
    void theUsersListShowsSeveralUsersAndTheirStateInTheSmallestWindow(FxRobot robot) throws Exception {
        for (int i = 0; i < 12; i++) server.admin().createUser("user" + i, "a long enough password");
        server.admin().updateUser("user0", null, true);
        robot.interact(() -> {
            stage.setWidth(1024);
            stage.setHeight(700);
        });
        openAccess(robot);
        @SuppressWarnings("unchecked")
        TableView<Dtos.UserView> users = robot.lookup("#users").queryAs(TableView.class);
        TableView<?> keys = robot.lookup("#apiKeys").queryAs(TableView.class);
        Eventually.holds(() -> {
            javafx.geometry.Bounds list = users.localToScene(users.getLayoutBounds());
            long whole = users.lookupAll(".table-row-cell").stream().map(javafx.scene.control.TableRow.class::cast)
                    .filter(r -> !r.isEmpty() && r.isVisible() && r.localToScene(r.getLayoutBounds()).getMaxY() <= list.getMaxY() + 0.5)
                    .count();
            assertThat(whole).as("users seen at once").isGreaterThanOrEqualTo(4);
            assertThat(users.getHeight()).as("the users' share").isGreaterThan(keys.getHeight());
            assertThat(WindowParts.showing(keys)).isTrue();
            javafx.scene.control.ScrollPane view = (javafx.scene.control.ScrollPane) robot.lookup("#view-6").query();
            assertThat(view.getContent().getLayoutBounds().getHeight()).as("Access fits without scrolling")
                    .isLessThanOrEqualTo(view.getViewportBounds().getHeight() + 0.5);
            var states = users.lookupAll(".table-cell").stream().map(javafx.scene.control.TableCell.class::cast)
                    .filter(c -> c.getTableColumn() != null && "State".equals(c.getTableColumn().getText())
                            && c.getTableRow() != null && c.getTableRow().getItem() instanceof Dtos.UserView u)
                    .collect(java.util.stream.Collectors.toMap(c -> ((Dtos.UserView) c.getTableRow().getItem()).username(),
                            c -> String.valueOf(c.getText()), (a, b) -> a));
            assertThat(states).containsEntry("user0", "disabled").containsEntry("user1", "enabled");
        });
    }

    /**
     * ux44 D8: a refused new user was told in grey at the bottom of the window, 700 px below the fields,
     * with the API's field name. It is told under the form, in the error style, named as the form names it.
     */
    @Test
    void aRefusedNewUserIsToldUnderItsFormInTheErrorStyle(FxRobot robot) throws Exception {
        robot.interact(() -> {
            stage.setWidth(1024);
            stage.setHeight(700);
        });
        openAccess(robot);
        robot.clickOn("#userPassword").write("short");
        robot.clickOn("Create user");
        Label message = robot.lookup("#userMessage").queryAs(Label.class);
        waitUntil(() -> !message.getText().isEmpty());
        Eventually.holds(() -> {
            assertThat(message.getText()).startsWith("User name:");
            assertThat(message.getStyleClass()).contains("error-text");
            assertThat(WindowParts.showing(message)).isTrue();
            Node button = robot.lookup("Create user").query();
            double below = message.localToScene(message.getLayoutBounds()).getMinY()
                    - button.localToScene(button.getLayoutBounds()).getMaxY();
            assertThat(below).as("just under the form").isBetween(0.0, 20.0);
            assertThat(((javafx.scene.text.Text) message.lookup(".text")).getText()).as("drawn whole")
                    .isEqualTo(message.getText());
        });
    }

    /** ux44 D4: among twenty scenario users, the one to delete was found by scrolling a row at a time. */
    @Test
    void aFilterFindsTheUserToDeleteInTheSmallestWindow(FxRobot robot) throws Exception {
        for (int i = 0; i < 12; i++) server.admin().createUser("scenario" + i, "a long enough password");
        server.admin().createUser("alice.ux44", "a long enough password");
        robot.interact(() -> {
            stage.setWidth(1024);
            stage.setHeight(700);
        });
        openAccess(robot);
        @SuppressWarnings("unchecked")
        TableView<Dtos.UserView> users = robot.lookup("#users").queryAs(TableView.class);
        waitUntil(() -> users.getItems().size() >= 13);
        robot.clickOn("#userFilter").write("ALICE");
        Eventually.holds(() -> assertThat(users.getItems()).extracting(Dtos.UserView::username).containsExactly("alice.ux44"));
        robot.clickOn("alice.ux44");
        robot.clickOn("Delete user…");
        robot.clickOn("OK");
        Label message = robot.lookup("#userMessage").queryAs(Label.class);
        waitUntil(() -> message.getText().startsWith("User alice.ux44 deleted"));
        Eventually.holds(() -> {
            assertThat(users.getItems()).isEmpty();
            assertThat(((Label) users.getPlaceholder()).getText()).isEqualTo("No user name contains \u201cALICE\u201d.");
        });
        robot.doubleClickOn("#userFilter").eraseText(5).write("scenario1");
        Eventually.holds(() -> assertThat(users.getItems()).extracting(Dtos.UserView::username)
                .containsExactlyInAnyOrder("scenario1", "scenario10", "scenario11"));
    }

    /** ux44 D6's range, told on the client ("must be between 10 and 86400 s"), read whole beside a field at 1024 px. */
    @Test
    void aSettingsRangeIsReadWholeInTheSmallestWindow(FxRobot robot) throws Exception {
        robot.interact(() -> {
            stage.setWidth(1024);
            stage.setHeight(700);
        });
        robot.clickOn(robot.lookup((Node n) -> n instanceof javafx.scene.control.ToggleButton b
                && "Configuration".equals(b.getText())).queryAs(javafx.scene.control.ToggleButton.class));
        WindowParts.tab(robot, "TTLs");
        waitUntil(() -> robot.lookup("#setting-accessTokenTtlSeconds").tryQuery().isPresent());
        robot.doubleClickOn("#setting-accessTokenTtlSeconds").eraseText(10).write("99999999999999999999999");
        robot.clickOn(robot.lookup((Node n) -> n instanceof javafx.scene.control.Button b && "Apply".equals(b.getText()) && WindowParts.showing(b))
                .queryAs(javafx.scene.control.Button.class));
        Eventually.holds(() -> {
            Label error = robot.lookup(".error-text").match((Label l) -> "must be between 10 and 86400 s".equals(l.getText()))
                    .queryAs(Label.class);
            assertThat(WindowParts.showing(error)).isTrue();
            String drawn = error.lookupAll(".text").stream().map(t -> ((javafx.scene.text.Text) t).getText())
                    .reduce("", String::concat).replace("\n", " ").replaceAll("\\s+", " ").strip();
            assertThat(drawn).as("drawn whole").isEqualTo("must be between 10 and 86400 s");
        });
    }

    /**
     * ux44 D9: an edit not applied was kept when the operator looked elsewhere, but marked nowhere. Its tab shows
     * a dot (and says why on hover) from the first keystroke until Apply puts it in force or Reload drops it.
     */
    @Test
    void anEditNotAppliedMarksItsTabUntilAppliedOrReloaded(FxRobot robot) throws Exception {
        robot.clickOn(robot.lookup((Node n) -> n instanceof javafx.scene.control.ToggleButton b
                && "Configuration".equals(b.getText())).queryAs(javafx.scene.control.ToggleButton.class));
        WindowParts.tab(robot, "TTLs");
        waitUntil(() -> robot.lookup("#setting-accessTokenTtlSeconds").tryQuery().isPresent());
        assertThat(robot.lookup("#unapplied-TTLs").tryQuery()).as("nothing edited yet").isEmpty();
        robot.doubleClickOn("#setting-accessTokenTtlSeconds").eraseText(10).write("700");
        Eventually.holds(() -> assertThat(robot.lookup("#unapplied-TTLs").match((Label l) -> WindowParts.showing(l) && "•".equals(l.getText()))
                .tryQuery()).as("the TTLs tab marked").isPresent());
        WindowParts.tab(robot, "Keys");
        assertThat(robot.lookup("#unapplied-TTLs").match((Label l) -> WindowParts.showing(l)).tryQuery())
                .as("marked while another tab is read").isPresent();
        assertThat(robot.lookup("#unapplied-Keys").tryQuery()).isEmpty();

        WindowParts.tab(robot, "TTLs");
        robot.clickOn(robot.lookup((Node n) -> n instanceof javafx.scene.control.Button b && "Apply".equals(b.getText()) && WindowParts.showing(b))
                .queryAs(javafx.scene.control.Button.class));
        waitUntil(() -> Long.valueOf(700).equals(server.admin().config().get("accessTokenTtlSeconds")));
        Eventually.holds(() -> assertThat(robot.lookup("#unapplied-TTLs").tryQuery()).as("applied: no mark").isEmpty());

        robot.doubleClickOn("#setting-accessTokenTtlSeconds").eraseText(10).write("800");
        Eventually.holds(() -> assertThat(robot.lookup("#unapplied-TTLs").tryQuery()).isPresent());
        robot.clickOn("#settings-reload");
        Eventually.holds(() -> {
            assertThat(robot.lookup("#setting-accessTokenTtlSeconds").queryAs(TextField.class).getText()).isEqualTo("700");
            assertThat(robot.lookup("#unapplied-TTLs").tryQuery()).as("reloaded: no mark").isEmpty();
        });
    }
}
