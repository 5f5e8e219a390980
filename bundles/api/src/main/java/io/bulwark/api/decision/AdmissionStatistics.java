package io.bulwark.api.decision;

import java.util.Map;
import org.osgi.annotation.versioning.ProviderType;

/**
 * What the admission gate let in and dropped since it started, for status pages and tests. Reading
 * allocates; the counting itself does not.
 *
 * @since 1.2
 */
@ProviderType
public interface AdmissionStatistics {

    /** @return packets, connections and requests let in */
    long admitted();

    /**
     * @return drops by reason, e.g. {@code BANNED} (a banned source that reached user space, so
     *     the kernel did not drop it), {@code SOURCE_RATE}, {@code METHOD_RATE}, {@code ALLOWED_RATE}
     */
    Map<String, Long> droppedByReason();
}
