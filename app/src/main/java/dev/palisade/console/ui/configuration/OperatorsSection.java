package dev.palisade.console.ui.configuration;

import dev.palisade.console.client.AdminApiException;
import dev.palisade.console.client.AdminClient;
import dev.palisade.console.client.Dtos.OperatorView;
import dev.palisade.console.ui.common.Background;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.List;

/**
 * Operators: the owner's named tokens with a role, so that people other than the owner can use the
 * console or the admin API and every change they make names them. Only the owner may list, create
 * or revoke them; a console connected with an operator's or a viewer's token is told so. A new
 * token's value is held only until dismissed: the server shows it once and the console never again.
 */
public final class OperatorsSection {

    /** A role the owner can give, as the admin API names it and as a person reads it. */
    public record Role(String name, String label) {
        @Override
        public String toString() { return label; }
    }

    public static final List<Role> ROLES = List.of(new Role("viewer", "viewer: can look"),
            new Role("operator", "operator: can change"));

    private final AdminClient admin;
    private final Background background;
    private final ObservableList<OperatorView> operators = FXCollections.observableArrayList();
    private final StringProperty name = new SimpleStringProperty("");
    private final ObjectProperty<Role> role = new SimpleObjectProperty<>(ROLES.get(0));
    private final ReadOnlyStringWrapper created = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");

    OperatorsSection(AdminClient admin, Background background) {
        this.admin = admin;
        this.background = background;
    }

    /** One load out at a time (reloads follow live changes): an older answer never lands after a newer one. */
    private final dev.palisade.console.ui.common.OneInFlight loading = new dev.palisade.console.ui.common.OneInFlight();

    public void load() {
        loading.run(background, admin::operators, fresh -> {
            if (!operators.equals(fresh)) operators.setAll(fresh);
        }, this::failed);
    }

    /** Issues a token for the name and role in the form; the form is cleared only once it exists. */
    public void create() {
        String trimmed = name.get() == null ? "" : name.get().trim();
        if (trimmed.isEmpty()) {
            message.set("name: an operator token needs a name, the one its changes are audited under");
            return;
        }
        if (role.get() == null) {
            message.set("role: choose viewer (can look) or operator (can change)");
            return;
        }
        String roleName = role.get().name();
        background.run(() -> admin.createOperator(trimmed, roleName), t -> {
            created.set(t.token());
            message.set("Operator token '" + t.name() + "' (" + t.role() + ") created: copy it now, it is not shown again.");
            name.set("");
            load();
        }, this::failed);
    }

    public void revoke(OperatorView t) {
        background.run(() -> {
            admin.revokeOperator(t.id());
            return t.name();
        }, revoked -> {
            message.set("Operator token '" + revoked + "' revoked: calls with it are refused from the next one on.");
            load();
        }, this::failed);
    }

    /** Drops the value shown once; from here on only its name, role and state are known. */
    public void dismissCreated() {
        created.set("");
    }

    private void failed(Throwable t) {
        if (t instanceof AdminApiException e && !e.errors().isEmpty()) {
            message.set(e.errors().get(0).field() + ": " + e.errors().get(0).message());
        } else if (t instanceof AdminApiException e && "forbidden_role".equals(e.code())) {
            message.set("Only the owner, who holds the token in admin.token, can list, create and revoke operator tokens;"
                    + " this console is connected with another token (the server says: " + e.getMessage() + ").");
        } else if (t instanceof AdminApiException e && e.status() == 409) {
            message.set("Not created: " + e.getMessage() + ".");
        } else {
            message.set("Failed: " + t.getMessage());
        }
    }

    public ObservableList<OperatorView> operators() { return operators; }
    /** The name typed in the form; kept when the server refuses it. */
    public StringProperty name() { return name; }
    public ObjectProperty<Role> role() { return role; }
    /** The value of the token just created, or empty: the only place it is ever shown. */
    public ReadOnlyStringProperty created() { return created.getReadOnlyProperty(); }
    public ReadOnlyStringProperty message() { return message.getReadOnlyProperty(); }
}
