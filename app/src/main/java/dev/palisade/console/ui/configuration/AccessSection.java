package dev.palisade.console.ui.configuration;

import dev.palisade.console.client.AdminClient;
import dev.palisade.console.client.Dtos.ApiKeyView;
import dev.palisade.console.client.Dtos.UserView;
import dev.palisade.console.ui.common.Background;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.Arrays;
import java.util.List;

/** Who may call: users (create, delete) and API keys (create, shown once; revoke). */
public final class AccessSection {

    private final AdminClient admin;
    private final Background background;
    private final ObservableList<UserView> users = FXCollections.observableArrayList();
    private final ObservableList<ApiKeyView> apiKeys = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper createdKey = new ReadOnlyStringWrapper("");
    /** The id of the key whose value {@link #createdKey} shows, or null. */
    private String createdId;
    private final FormNote userNote = new FormNote(java.util.Map.of("username", "User name", "password", "Password"));
    private final FormNote keyNote = new FormNote(java.util.Map.of("name", "Name", "scopes", "Scopes"));

    AccessSection(AdminClient admin, Background background) {
        this.admin = admin;
        this.background = background;
    }

    /** One load out at a time (reloads follow live changes): an older answer never lands after a newer one. */
    private final dev.palisade.console.ui.common.OneInFlight loading = new dev.palisade.console.ui.common.OneInFlight();

    public void load() {
        loading.run(background, () -> java.util.Map.entry(admin.users(), admin.apiKeys()), fresh -> {
            if (!users.equals(fresh.getKey())) users.setAll(fresh.getKey());
            if (!apiKeys.equals(fresh.getValue())) apiKeys.setAll(fresh.getValue());
            userNote.read();
        }, userNote::readFailed);
    }

    public void createUser(String name, String password) {
        createUser(name, password, () -> { });
    }

    /** @param created run once the server created the user (the view forgets the password then, not before) */
    public void createUser(String name, String password, Runnable created) {
        background.run(() -> admin.createUser(name, password.toCharArray()), u -> {
            created.run();
            userNote.done("User " + u.username() + " created.");
            load();
        }, userNote::failed);
    }

    public void deleteUser(UserView u) {
        background.run(() -> {
            admin.deleteUser(u.username());
            return u.username();
        }, n -> {
            userNote.done("User " + n + " deleted; their sessions are revoked.");
            load();
        }, userNote::failed);
    }

    /** @param scopes comma-separated path prefixes */
    public void createApiKey(String name, String scopes) {
        List<String> list = Arrays.stream(scopes.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        background.run(() -> admin.createApiKey(name, list), k -> {
            createdId = k.id();
            createdKey.set(k.key());
            keyNote.done("API key " + k.name() + " created: copy it now, it is not shown again.");
            load();
        }, keyNote::failed);
    }

    public void revokeApiKey(ApiKeyView k) {
        background.run(() -> {
            admin.revokeApiKey(k.id());
            return k.name();
        }, n -> {
            if (k.id().equals(createdId)) forgetCreatedKey(); // a revoked key's value is of no use on screen
            keyNote.done("API key " + n + " revoked.");
            load();
        }, keyNote::failed);
    }

    /** Forgets the key shown once ("Done", after it was copied; or once it is revoked). */
    public void forgetCreatedKey() {
        createdId = null;
        createdKey.set("");
    }

    public ObservableList<UserView> users() { return users; }
    public ObservableList<ApiKeyView> apiKeys() { return apiKeys; }
    public ReadOnlyStringProperty createdKey() { return createdKey.getReadOnlyProperty(); }
    /** What the users' form did or why it was refused; a list that could not be read is told here too. */
    FormNote userNote() { return userNote; }
    /** What the API keys' form did or why it was refused. */
    FormNote keyNote() { return keyNote; }
}
