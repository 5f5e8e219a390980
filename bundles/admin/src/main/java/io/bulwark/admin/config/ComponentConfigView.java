package io.bulwark.admin.config;

import java.util.List;

/**
 * A configurable component and its settings.
 *
 * @param pid the configuration PID (for a factory configuration, its generated PID)
 * @param factoryPid the factory PID, or null
 * @param name a label
 * @param description what the component does
 * @param properties its settings, or null in listings
 */
public record ComponentConfigView(String pid, String factoryPid, String name, String description,
        List<PropertyView> properties) {
}
