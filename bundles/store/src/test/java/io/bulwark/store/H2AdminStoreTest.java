package io.bulwark.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bulwark.api.store.AdminAccount;
import io.bulwark.api.store.ApiToken;
import io.bulwark.api.store.AuditEntry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class H2AdminStoreTest {

    private static final Instant T0 = Instant.parse("2026-11-27T07:00:00Z");

    @TempDir
    Path dir;

    private static AdminAccount account(String name, String role) {
        return new AdminAccount(name, "$argon2id$v=19$m=8,t=1,p=1$c2FsdA$aGFzaA", role, T0, null, 0, null);
    }

    @Test
    void firstAccountCanOnlyBeCreatedOnce() {
        try (H2AdminStore s = new H2AdminStore(dir)) {
            assertEquals(0, s.count());
            assertTrue(s.saveFirst(account("root", "admin")));
            assertFalse(s.saveFirst(account("mallory", "admin")));
            assertEquals(List.of("root"), s.accounts().stream().map(AdminAccount::username).toList());
        }
    }

    @Test
    void accountsTokensAndAuditSurviveReopeningAndShareTheCallRecordDatabase() {
        H2CallRecordStore calls = new H2CallRecordStore(dir, Duration.ofMillis(50), 100);
        try (H2AdminStore s = new H2AdminStore(dir)) {
            s.save(account("alice", "operator"));
            s.save(new AdminAccount("alice", "h2", "auditor", T0, T0.plusSeconds(5), 3, T0.plusSeconds(60)));
            s.saveToken(new ApiToken("t1", "alice", "backup", "ab".repeat(32), T0, T0.plusSeconds(3600)));
            s.append(new AuditEntry(0, T0, "root", "user.create", "alice", null, "{\"role\":\"operator\"}", "127.0.0.1"));
            AuditEntry second = s.append(new AuditEntry(0, T0.plusSeconds(1), "root", "user.update", "alice",
                    "{\"role\":\"operator\"}", "{\"role\":\"auditor\"}", "127.0.0.1"));
            assertTrue(second.id() > 0);
            calls.callStarted("c1", "inbound", "a", "b", "UDP", "UDP", T0);
            calls.flush();
        }
        calls.close();
        try (H2AdminStore s = new H2AdminStore(dir)) {
            AdminAccount alice = s.find("alice").orElseThrow();
            assertEquals("auditor", alice.role());
            assertEquals(3, alice.failedLogins());
            assertEquals(T0.plusSeconds(60), alice.lockedUntil());
            assertEquals("backup", s.tokenBySecretHash("ab".repeat(32)).orElseThrow().name());
            List<AuditEntry> audit = s.page(0, 10);
            assertEquals(List.of("user.update", "user.create"), audit.stream().map(AuditEntry::action).toList());
            assertEquals(1, s.page(audit.get(0).id(), 10).size());
            assertFalse(s.deleteToken("bob", "t1"));
            assertTrue(s.delete("alice"));
            assertTrue(s.tokenBySecretHash("ab".repeat(32)).isEmpty());
        }
        H2CallRecordStore again = new H2CallRecordStore(dir, Duration.ofMillis(50), 100);
        assertEquals(1, again.count());
        again.close();
    }
}
