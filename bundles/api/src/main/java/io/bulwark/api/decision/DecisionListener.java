package io.bulwark.api.decision;

import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Follows the changes of the {@link DecisionStore}. Register an implementation as a service (a
 * whiteboard); the store calls every registered listener.
 *
 * <p>Calls come in the order of the changes, on the thread that made the change, after it is
 * durable. A listener returns quickly (it queues work for its own thread) and does not call the
 * store's mutating methods from inside a call. Because a listener may be registered after some
 * changes, it reads {@link DecisionStore#bans()} once when it starts and then follows the calls.
 */
@ConsumerType
public interface DecisionListener {

    /**
     * A ban was added, or an existing ban of the same scope was replaced (extended by an admin).
     *
     * @param ban the ban now in force
     */
    void banAdded(Ban ban);

    /**
     * A ban was lifted before it expired.
     *
     * @param ban the lifted ban
     * @param by who lifted it (an admin, {@code allow-list:<admin>} when an allow-list entry
     *     lifted it, {@code cloud:<source>})
     */
    void banRemoved(Ban ban, String by);

    /**
     * A ban reached its expiry time.
     *
     * @param ban the expired ban
     */
    void banExpired(Ban ban);

    /**
     * The allow-list changed.
     *
     * @param allowList the whole allow-list after the change
     */
    default void allowListChanged(List<AllowListEntry> allowList) {
    }
}
