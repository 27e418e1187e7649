package dev.palisade.engine.store;

import java.util.Map;

/** Name → value pairs; unknown names are kept, so a downgrade does not lose settings. */
public interface SettingsStore {
    Map<String, String> loadSettings();

    void saveSettings(Map<String, String> settings);
}
