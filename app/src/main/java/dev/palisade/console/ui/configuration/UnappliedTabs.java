package dev.palisade.console.ui.configuration;

import dev.palisade.console.ui.common.Background;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.value.ChangeListener;
import javafx.beans.value.ObservableValue;
import javafx.collections.ListChangeListener;
import javafx.collections.MapChangeListener;
import javafx.collections.ObservableList;
import javafx.collections.ObservableMap;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The Configuration tabs that hold edits not applied, kept current for their marks: an edit kept while the
 * operator looked elsewhere was marked nowhere (ux44 D9). Read again at every edit, and after every answer
 * of the server (an Apply or a Reload changes what the form is compared with only once its handler ran).
 */
final class UnappliedTabs {

    private final Supplier<List<String>> reading;
    private final ReadOnlyObjectWrapper<List<String>> names = new ReadOnlyObjectWrapper<>(List.of());
    private final ChangeListener<Object> edited = (o, was, now) -> recheck();

    /** @param reading the tabs holding edits not applied, as their tabs are named */
    UnappliedTabs(Supplier<List<String>> reading) {
        this.reading = reading;
    }

    /** {@code background}, with each answer's handler followed by a look at the forms. */
    Background settling(Background background) {
        return new Background() {
            @Override
            public <T> void run(Callable<T> work, Consumer<T> onSuccess, Consumer<Throwable> onFailure) {
                background.run(work, r -> {
                    onSuccess.accept(r);
                    recheck();
                }, t -> {
                    onFailure.accept(t);
                    recheck();
                });
            }

            @Override
            public java.util.concurrent.Executor inOrder() { return background.inOrder(); }

            @Override
            public java.util.concurrent.Executor ui() { return background.ui(); }
        };
    }

    void watch(ObservableValue<?>... values) {
        for (ObservableValue<?> v : values) v.addListener(edited);
    }

    void watchSettings(ObservableList<SettingRow> rows) {
        rows.addListener((ListChangeListener<SettingRow>) c -> {
            while (c.next()) c.getAddedSubList().forEach(r -> r.value().addListener(edited));
            recheck();
        });
        rows.forEach(r -> r.value().addListener(edited));
    }

    void watchForm(ObservableList<FormRow> rows) {
        rows.addListener((ListChangeListener<FormRow>) c -> {
            while (c.next()) c.getAddedSubList().forEach(r -> r.onEdit(this::recheck));
            recheck();
        });
        rows.forEach(r -> r.onEdit(this::recheck));
    }

    void watchMap(ObservableMap<String, ? extends ObservableValue<?>> values) {
        values.addListener((MapChangeListener<String, ObservableValue<?>>) c -> {
            if (c.wasAdded()) c.getValueAdded().addListener(edited);
            recheck();
        });
        values.values().forEach(v -> v.addListener(edited));
    }

    void recheck() {
        List<String> now = List.copyOf(reading.get());
        if (!now.equals(names.get())) names.set(now);
    }

    ReadOnlyObjectProperty<List<String>> names() { return names.getReadOnlyProperty(); }
}
