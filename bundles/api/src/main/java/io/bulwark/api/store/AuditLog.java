package io.bulwark.api.store;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/** The append-only audit trail of the admin plane. */
@ProviderType
public interface AuditLog {

    /**
     * Appends an entry and commits it before returning: a change that is not audited must not
     * happen, so callers append before they report success.
     *
     * @param entry the entry; its id is ignored
     * @return the stored entry with its id
     */
    AuditEntry append(AuditEntry entry);

    /**
     * @param beforeId only entries with a smaller id, or 0 for the newest
     * @param limit at most this many
     * @return entries, newest first
     */
    List<AuditEntry> page(long beforeId, int limit);
}
