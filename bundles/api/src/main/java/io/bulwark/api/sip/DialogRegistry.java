package io.bulwark.api.sip;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/** The dialogs the proxy currently tracks; inspectors use it to tell a party from a forger. */
@ProviderType
public interface DialogRegistry {

    /** @return every dialog not yet terminated */
    List<DialogInfo> activeDialogs();

    /**
     * @param outsideCallId a Call-ID as seen outside
     * @return the dialog, or null
     */
    DialogInfo find(String outsideCallId);

    /** @return the number of dialogs not yet terminated */
    int activeCount();
}
