package io.bulwark.admin.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.bulwark.admin.audit.Auditor;
import io.bulwark.admin.problem.ProblemException;
import io.bulwark.api.store.ApiToken;
import io.bulwark.api.store.AuditEntry;
import io.bulwark.store.H2AdminStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against the real H2 store: what is saved is what the next login sees. */
class AccountServiceTest {

    private static final String PW = "a long enough password";

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T08:00:00Z"));
    private H2AdminStore store;
    private SessionRegistry sessions;
    private SetupToken token;
    private AccountService accounts;

    @BeforeEach
    void open() {
        store = new H2AdminStore(dir);
        sessions = new SessionRegistry(clock, Duration.ofMinutes(30), Duration.ofHours(12), 100);
        token = SetupToken.generate();
        accounts = new AccountService(store, new PasswordHasher(1024, 1), sessions,
                new LoginThrottle(clock, 100, Duration.ofMinutes(1)),
                new Auditor(store, clock, new ObjectMapper()), new AccountPolicy(3, Duration.ofMinutes(15), 12, 365),
                clock, token);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private Caller admin() {
        return new Caller("root", Role.ADMIN, "127.0.0.1", null);
    }

    private List<String> actions() {
        return store.page(0, 100).stream().map(AuditEntry::action).toList();
    }

    @Test
    void setupTokenWorksExactlyOnce() {
        assertTrue(accounts.setupRequired());
        assertEquals(403, assertThrows(ProblemException.class,
                () -> accounts.setup("wrong", "root", PW, "10.0.0.9")).problem().status());
        assertEquals(400, assertThrows(ProblemException.class,
                () -> accounts.setup(token.value(), "root", "short", "10.0.0.9")).problem().status());
        accounts.setup(token.value(), "root", PW, "10.0.0.9");
        assertFalse(accounts.setupRequired());
        assertEquals(403, assertThrows(ProblemException.class,
                () -> accounts.setup(token.value(), "mallory", PW, "10.0.0.9")).problem().status());
        assertEquals(List.of("setup.failed", "setup", "setup.failed"), actions());
        assertTrue(accounts.login("root", PW, "10.0.0.9").ok());
    }

    @Test
    void wrongPasswordsLockTheAccountAndTheLockExpires() {
        accounts.setup(token.value(), "root", PW, "127.0.0.1");
        assertFalse(accounts.login("root", "nope", "10.0.0.1").ok());
        assertFalse(accounts.login("root", "nope", "10.0.0.1").ok());
        LoginResult third = accounts.login("root", "nope", "10.0.0.1");
        assertFalse(third.ok());
        assertEquals(15 * 60, third.retryAfterSeconds());
        LoginResult locked = accounts.login("root", PW, "10.0.0.1");
        assertFalse(locked.ok(), "locked even with the right password");
        assertTrue(locked.retryAfterSeconds() > 0);
        clock.advance(Duration.ofMinutes(16));
        assertTrue(accounts.login("root", PW, "10.0.0.1").ok());
        assertNull(store.find("root").orElseThrow().lockedUntil());
        assertFalse(accounts.login("nobody", PW, "10.0.0.1").ok());
    }

    @Test
    void lastAdminStaysAndRoleChangesEndSessions() {
        accounts.setup(token.value(), "root", PW, "127.0.0.1");
        assertEquals(409, assertThrows(ProblemException.class,
                () -> accounts.deleteUser(admin(), "root")).problem().status());
        assertEquals(409, assertThrows(ProblemException.class,
                () -> accounts.updateUser(admin(), "root", "auditor", null, null)).problem().status());
        accounts.createUser(admin(), "olga", PW, "operator");
        assertEquals(409, assertThrows(ProblemException.class,
                () -> accounts.createUser(admin(), "olga", PW, "operator")).problem().status());
        assertEquals(400, assertThrows(ProblemException.class,
                () -> accounts.createUser(admin(), "bad name", PW, "operator")).problem().status());
        assertEquals(400, assertThrows(ProblemException.class,
                () -> accounts.createUser(admin(), "ann", PW, "superuser")).problem().status());
        AdminSession s = accounts.login("olga", PW, "10.0.0.2").session();
        accounts.updateUser(admin(), "olga", "auditor", null, null);
        assertTrue(sessions.find(s.id()).isEmpty(), "a demoted user logs in again");
        AuditEntry last = store.page(0, 1).get(0);
        assertEquals("user.update", last.action());
        assertEquals("{\"role\":\"operator\"}", last.oldValue());
        assertEquals("{\"role\":\"auditor\"}", last.newValue());
        accounts.deleteUser(admin(), "olga");
        assertTrue(store.find("olga").isEmpty());
    }

    @Test
    void bearerTokensCarryTheOwnersRoleUntilTheyExpire() {
        accounts.setup(token.value(), "root", PW, "127.0.0.1");
        accounts.createUser(admin(), "ada", PW, "auditor");
        Caller ada = new Caller("ada", Role.AUDITOR, "127.0.0.1", null);
        Map.Entry<ApiToken, String> t = accounts.createToken(ada, "nightly report", 1);
        assertEquals(Role.AUDITOR, accounts.authenticateToken(t.getValue(), "10.1.1.1").orElseThrow().role());
        assertTrue(accounts.authenticateToken(t.getValue() + "x", "10.1.1.1").isEmpty());
        assertEquals(400, assertThrows(ProblemException.class,
                () -> accounts.createToken(ada, "too long", 366)).problem().status());
        clock.advance(Duration.ofDays(1).plusSeconds(1));
        assertTrue(accounts.authenticateToken(t.getValue(), "10.1.1.1").isEmpty());
        accounts.deleteToken(ada, t.getKey().id());
        assertEquals(404, assertThrows(ProblemException.class,
                () -> accounts.deleteToken(ada, t.getKey().id())).problem().status());
    }
}
