package io.bulwark.inspection.dialog;

import io.bulwark.api.sip.DialogInfo;
import io.bulwark.api.sip.DialogRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A dialog registry held in a map, standing in for the proxy's call tracker. */
final class MemoryDialogs implements DialogRegistry {

    private final Map<String, DialogInfo> dialogs = new ConcurrentHashMap<>();

    void put(DialogInfo d) {
        dialogs.put(d.outsideCallId(), d);
    }

    void remove(String outsideCallId) {
        dialogs.remove(outsideCallId);
    }

    @Override
    public List<DialogInfo> activeDialogs() {
        return List.copyOf(dialogs.values());
    }

    @Override
    public DialogInfo find(String outsideCallId) {
        return dialogs.get(outsideCallId);
    }

    @Override
    public int activeCount() {
        return dialogs.size();
    }
}
