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
    /**
     * Why the lists are not as the server has them now (a read failed), empty once a read works: said beside the
     * lists, not in a form's note, which a failed poll replaced with the operator's last result in it.
     */
    private final ReadOnlyStringWrapper unreadable = new ReadOnlyStringWrapper("");
    /** Part of a user name: the users list shows only those that contain it (ux44 D4: a user was found by scrolling). */
    private final javafx.beans.property.StringProperty userFilter = new javafx.beans.property.SimpleStringProperty("");
    private final javafx.collections.transformation.FilteredList<UserView> shownUsers = new javafx.collections.transformation.FilteredList<>(users);
    private final FormNote userNote = new FormNote(java.util.Map.of("username", "User name", "password", "Password"));
    private final FormNote keyNote = new FormNote(java.util.Map.of("name", "Name", "scopes", "Scopes"));

    AccessSection(AdminClient admin, Background background) {
        this.admin = admin;
        this.background = background;
        shownUsers.predicateProperty().bind(javafx.beans.binding.Bindings.createObjectBinding(() -> {
            String part = userFilter.get() == null ? "" : userFilter.get().strip().toLowerCase(java.util.Locale.ROOT);
            return part.isEmpty() ? u -> true : u -> u.username().toLowerCase(java.util.Locale.ROOT).contains(part);
        }, userFilter));
    }

    /** One load out at a time (reloads follow live changes): an older answer never lands after a newer one. */
    private final dev.palisade.console.ui.common.OneInFlight loading = new dev.palisade.console.ui.common.OneInFlight();

    /**
     * Whether the users were asked for and not read since (a load failed, or is still out): the keys' poll then reads
     * them too, so a failed load is made again and a newer poll never stands in for it.
     */
    private boolean usersUnread;

    /** The users and the keys: when the tab is opened, after an action, after a change made elsewhere. */
    public void load() {
        usersUnread = true;
        loading.run(background, () -> java.util.Map.entry(admin.users(), admin.apiKeys()), fresh -> {
            if (!users.equals(fresh.getKey())) users.setAll(fresh.getKey());
            if (!apiKeys.equals(fresh.getValue())) apiKeys.setAll(fresh.getValue());
            usersUnread = false;
            unreadable.set("");
        }, t -> {
            usersUnread = true; // a newer load may have failed after an older one worked
            unreadable.set("Cannot read the users and API keys: " + t.getMessage());
        });
    }

    /** Whether the users were asked for and not read since: {@link #pollKeys} loads them, while Access is shown. */
    boolean usersUnread() { return usersUnread; }

    /**
     * The keys alone, for their "Last used" (a key's use is no event the console hears): the 2-second poll read
     * every user too, each time, though users change only by admin events, which {@link #load} follows.
     */
    public void pollKeys() {
        if (usersUnread) {
            load();
            return;
        }
        loading.run(background, admin::apiKeys, fresh -> {
            if (!apiKeys.equals(fresh)) apiKeys.setAll(fresh);
            unreadable.set("");
        }, t -> unreadable.set("Cannot read the API keys: " + t.getMessage()));
    }

    /** @param created run once the server created the user (the view forgets the password then, not before) */
    public void createUser(String name, String password, Runnable created) {
        background.run(() -> admin.createUser(name, password), u -> {
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

    /** Every user, as last read. */
    public ObservableList<UserView> users() { return users; }
    /** The users the filter lets through: what the list shows. */
    public ObservableList<UserView> shownUsers() { return shownUsers; }
    public javafx.beans.property.StringProperty userFilter() { return userFilter; }
    /** Why the lists may be out of date; empty when the last read worked. */
    public ReadOnlyStringProperty unreadable() { return unreadable.getReadOnlyProperty(); }
    public ObservableList<ApiKeyView> apiKeys() { return apiKeys; }
    public ReadOnlyStringProperty createdKey() { return createdKey.getReadOnlyProperty(); }
    /** What the users' form did or why it was refused. */
    FormNote userNote() { return userNote; }
    /** What the API keys' form did or why it was refused. */
    FormNote keyNote() { return keyNote; }
}
