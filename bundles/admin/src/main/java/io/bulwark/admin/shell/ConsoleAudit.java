package io.bulwark.admin.shell;

import io.bulwark.api.store.AuditEntry;
import io.bulwark.api.store.AuditLog;
import java.time.Instant;
import org.slf4j.LoggerFactory;

/**
 * Puts changes made at the local console into the same audit log as those made through the API
 * (actor {@code console}, source {@code local console}); without the store they are at least logged.
 */
final class ConsoleAudit {

    private ConsoleAudit() {
    }

    static void record(AuditLog audit, String action, String target, String newValue) {
        if (audit != null) {
            audit.append(new AuditEntry(0, Instant.now(), "console", action, target, null, newValue, "local console"));
        } else {
            LoggerFactory.getLogger("io.bulwark.audit").info("audit console {} {}: {} (audit log not running)",
                    action, target, newValue);
        }
    }
}
