package io.bulwark.admin.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bulwark.api.store.AuditEntry;
import io.bulwark.api.store.AuditLog;
import java.time.Clock;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes audit entries: who, when, what, old and new values. Values are JSON objects with keys in
 * order; secrets (anything whose key names a password, token or key) never reach the log.
 * Each entry is also logged, so the audit trail shows up in the Karaf log and syslog too.
 */
public final class Auditor {

    private static final Logger LOG = LoggerFactory.getLogger("io.bulwark.audit");
    private static final String REDACTED = "***";

    private final AuditLog log;
    private final Clock clock;
    private final ObjectMapper json;

    /**
     * @param log where entries are stored
     * @param clock the time source
     * @param json the mapper for values
     */
    public Auditor(AuditLog log, Clock clock, ObjectMapper json) {
        this.log = log;
        this.clock = clock;
        this.json = json;
    }

    /**
     * Appends an entry and commits it.
     *
     * @param actor who, or null when nobody is logged in
     * @param action what, e.g. {@code config.update}
     * @param target on what, or null
     * @param oldValue the values before, or null
     * @param newValue the values after, or null
     * @param source the client address
     * @return the stored entry
     */
    public AuditEntry record(String actor, String action, String target, Map<String, ?> oldValue,
            Map<String, ?> newValue, String source) {
        AuditEntry e = log.append(new AuditEntry(0, clock.instant(), actor == null ? "-" : actor, action,
                target, toJson(oldValue), toJson(newValue), source));
        LOG.info("audit #{} {} {} {} from {}: {} -> {}", e.id(), e.actor(), e.action(),
                e.target(), e.source(), e.oldValue(), e.newValue());
        return e;
    }

    private String toJson(Map<String, ?> values) {
        if (values == null) {
            return null;
        }
        Map<String, Object> clean = new TreeMap<>();
        values.forEach((k, v) -> clean.put(k, isSecret(k) ? REDACTED : v));
        try {
            return json.writeValueAsString(clean);
        } catch (JsonProcessingException e) {
            return String.valueOf(clean);
        }
    }

    /**
     * @param key a field or configuration key
     * @return true when its value must not be logged
     */
    public static boolean isSecret(String key) {
        String k = key.toLowerCase(java.util.Locale.ROOT);
        return k.contains("password") || k.contains("secret") || k.contains("token")
                || k.contains("private");
    }
}
