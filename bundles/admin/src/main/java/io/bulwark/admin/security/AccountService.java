package io.bulwark.admin.security;

import io.bulwark.admin.audit.Auditor;
import io.bulwark.admin.problem.ProblemException;
import io.bulwark.api.store.AdminAccount;
import io.bulwark.api.store.AdminAccountStore;
import io.bulwark.api.store.ApiToken;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Accounts of the admin plane: first-start setup, logins with lockout, users, passwords and API
 * tokens. Every change is audited before the method returns.
 */
public final class AccountService {

    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern TOKEN_NAME = Pattern.compile("[\\p{L}\\p{N} ._-]{1,64}");

    private final AdminAccountStore store;
    private final PasswordHasher hasher;
    private final SessionRegistry sessions;
    private final LoginThrottle throttle;
    private final Auditor auditor;
    private final AccountPolicy policy;
    private final Clock clock;
    private final SetupToken setupToken;
    /** Verified against unknown usernames so a miss takes as long as a hit. */
    private final String dummyHash;

    /**
     * @param setupToken the token of this start, or null when accounts already exist
     */
    public AccountService(AdminAccountStore store, PasswordHasher hasher, SessionRegistry sessions,
            LoginThrottle throttle, Auditor auditor, AccountPolicy policy, Clock clock, SetupToken setupToken) {
        this.store = store;
        this.hasher = hasher;
        this.sessions = sessions;
        this.throttle = throttle;
        this.auditor = auditor;
        this.policy = policy;
        this.clock = clock;
        this.setupToken = setupToken;
        this.dummyHash = hasher.hash(Secrets.random(16));
    }

    /** @return true while the first admin has not been created */
    public boolean setupRequired() {
        return store.count() == 0;
    }

    /**
     * Creates the first admin with the one-time token.
     *
     * @return the new account
     * @throws ProblemException 403 for a wrong or used token, 400 for a bad name or password,
     *     429 when the client tried too often
     */
    public AdminAccount setup(String token, String username, String password, String source) {
        checkThrottle(source);
        checkUsername(username);
        checkPassword("password", password);
        if (setupToken == null || !setupRequired() || !setupToken.consume(token)) {
            throttle.failed(source);
            auditor.record(null, "setup.failed", username, null, null, source);
            throw ProblemException.forbidden("the setup token is wrong or has already been used");
        }
        AdminAccount admin = new AdminAccount(username, hasher.hash(password), Role.ADMIN.id(),
                clock.instant(), null, 0, null);
        if (!store.saveFirst(admin)) {
            throw ProblemException.forbidden("the setup token has already been used");
        }
        auditor.record(username, "setup", username, null, Map.of("role", Role.ADMIN.id()), source);
        return admin;
    }

    /**
     * Checks a password and opens a session.
     *
     * @return the session, or a refusal with the seconds to wait when locked or throttled
     */
    public LoginResult login(String username, String password, String source) {
        long wait = throttle.retryAfterSeconds(source);
        if (wait > 0) {
            return new LoginResult(null, wait);
        }
        Optional<AdminAccount> found = username == null ? Optional.empty() : store.find(username);
        Instant now = clock.instant();
        if (found.isEmpty()) {
            hasher.verify(password == null ? "" : password, dummyHash);
            throttle.failed(source);
            auditor.record(null, "login.failed", username, null, null, source);
            return new LoginResult(null, 0);
        }
        AdminAccount a = found.get();
        if (a.lockedUntil() != null && a.lockedUntil().isAfter(now)) {
            throttle.failed(source);
            auditor.record(null, "login.failed", username, null, Map.of("reason", "locked"), source);
            return new LoginResult(null, Duration.between(now, a.lockedUntil()).toSeconds() + 1);
        }
        if (password == null || !hasher.verify(password, a.passwordHash())) {
            return failed(a, now, source);
        }
        store.save(new AdminAccount(a.username(), a.passwordHash(), a.role(), a.createdAt(), now, 0, null));
        Role role = Role.parse(a.role());
        AdminSession session = sessions.create(a.username(), role);
        auditor.record(a.username(), "login", a.username(), null, null, source);
        return new LoginResult(session, 0);
    }

    private LoginResult failed(AdminAccount a, Instant now, String source) {
        throttle.failed(source);
        int failures = a.failedLogins() + 1;
        boolean lock = failures >= policy.lockoutThreshold();
        Instant until = lock ? now.plus(policy.lockoutDuration()) : null;
        store.save(new AdminAccount(a.username(), a.passwordHash(), a.role(), a.createdAt(), a.lastLoginAt(),
                lock ? 0 : failures, until));
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("failedLogins", failures);
        if (lock) {
            detail.put("lockedUntil", until.toString());
        }
        auditor.record(null, "login.failed", a.username(), null, detail, source);
        return new LoginResult(null, lock ? policy.lockoutDuration().toSeconds() : 0);
    }

    /**
     * @param secret a presented bearer token
     * @return the caller it stands for, when valid
     */
    public Optional<Caller> authenticateToken(String secret, String source) {
        if (secret == null || secret.isBlank()) {
            return Optional.empty();
        }
        Optional<ApiToken> token = store.tokenBySecretHash(Secrets.sha256(secret.trim()));
        if (token.isEmpty() || !token.get().expiresAt().isAfter(clock.instant())) {
            return Optional.empty();
        }
        return store.find(token.get().username()).map(a -> new Caller(a.username(), Role.parse(a.role()), source, null));
    }

    /**
     * @param session a live session
     * @return the caller, with the account's current role; empty when the account is gone
     */
    public Optional<Caller> callerOf(AdminSession session, String source) {
        return store.find(session.username()).map(a -> new Caller(a.username(), Role.parse(a.role()), source, session));
    }

    /** Ends a session. */
    public void logout(Caller caller) {
        if (caller.session() != null) {
            sessions.remove(caller.session().id());
        }
        auditor.record(caller.username(), "logout", caller.username(), null, null, caller.source());
    }

    /** Changes the caller's own password after checking the current one. */
    public void changeOwnPassword(Caller caller, String current, String next) {
        AdminAccount a = store.find(caller.username()).orElseThrow(() -> ProblemException.unauthenticated("account gone"));
        if (current == null || !hasher.verify(current, a.passwordHash())) {
            throw ProblemException.invalid("currentPassword", "match", "the current password is wrong");
        }
        checkPassword("newPassword", next);
        store.save(new AdminAccount(a.username(), hasher.hash(next), a.role(), a.createdAt(), a.lastLoginAt(), 0, null));
        sessions.removeAllOf(a.username());
        auditor.record(caller.username(), "password.change", a.username(), null, null, caller.source());
    }

    /** @return every account */
    public List<AdminAccount> users() {
        return store.accounts();
    }

    /** Creates an account. */
    public AdminAccount createUser(Caller caller, String username, String password, String roleName) {
        checkUsername(username);
        Role role = checkRole(roleName);
        checkPassword("password", password);
        if (store.find(username).isPresent()) {
            throw ProblemException.conflict("user " + username + " already exists");
        }
        AdminAccount a = new AdminAccount(username, hasher.hash(password), role.id(), clock.instant(), null, 0, null);
        store.save(a);
        auditor.record(caller.username(), "user.create", username, null, Map.of("role", role.id()), caller.source());
        return a;
    }

    /**
     * Changes role, password or lock of an account.
     *
     * @return the account after the change
     */
    public AdminAccount updateUser(Caller caller, String username, String roleName, String password, Boolean unlock) {
        AdminAccount a = store.find(username).orElseThrow(() -> ProblemException.notFound("no user " + username));
        Role role = roleName == null ? Role.parse(a.role()) : checkRole(roleName);
        if (password != null) {
            checkPassword("password", password);
        }
        if (role != Role.ADMIN && Role.ADMIN.id().equals(a.role()) && admins() == 1) {
            throw ProblemException.conflict("the last admin cannot be demoted");
        }
        boolean doUnlock = Boolean.TRUE.equals(unlock);
        AdminAccount b = new AdminAccount(a.username(), password == null ? a.passwordHash() : hasher.hash(password),
                role.id(), a.createdAt(), a.lastLoginAt(), doUnlock ? 0 : a.failedLogins(),
                doUnlock ? null : a.lockedUntil());
        store.save(b);
        if (password != null || !role.id().equals(a.role())) {
            sessions.removeAllOf(username);
        }
        Map<String, Object> before = new LinkedHashMap<>();
        Map<String, Object> after = new LinkedHashMap<>();
        before.put("role", a.role());
        after.put("role", b.role());
        if (password != null) {
            after.put("password", "changed");
        }
        if (doUnlock) {
            before.put("lockedUntil", String.valueOf(a.lockedUntil()));
            after.put("lockedUntil", null);
        }
        auditor.record(caller.username(), "user.update", username, before, after, caller.source());
        return b;
    }

    /** Deletes an account, its tokens and its sessions. */
    public void deleteUser(Caller caller, String username) {
        AdminAccount a = store.find(username).orElseThrow(() -> ProblemException.notFound("no user " + username));
        if (Role.ADMIN.id().equals(a.role()) && admins() == 1) {
            throw ProblemException.conflict("the last admin cannot be deleted");
        }
        store.delete(username);
        sessions.removeAllOf(username);
        auditor.record(caller.username(), "user.delete", username, Map.of("role", a.role()), null, caller.source());
    }

    /** @return the caller's API tokens */
    public List<ApiToken> tokens(Caller caller) {
        return store.tokens(caller.username());
    }

    /**
     * Creates an API token for the caller.
     *
     * @return the stored token and, separately, its secret (shown once)
     */
    public Map.Entry<ApiToken, String> createToken(Caller caller, String name, Integer validDays) {
        if (name == null || !TOKEN_NAME.matcher(name).matches()) {
            throw ProblemException.invalid("name", "pattern", "1 to 64 letters, digits, spaces, '.', '_' or '-'");
        }
        int days = validDays == null ? 90 : validDays;
        if (days < 1 || days > policy.tokenMaxDays()) {
            throw ProblemException.invalid("validDays", days < 1 ? "min" : "max",
                    "must be between 1 and " + policy.tokenMaxDays());
        }
        String secret = "bwk_" + Secrets.random(32);
        Instant now = clock.instant();
        ApiToken t = new ApiToken(Secrets.random(9), caller.username(), name, Secrets.sha256(secret), now,
                now.plus(Duration.ofDays(days)));
        store.saveToken(t);
        auditor.record(caller.username(), "token.create", t.id(), null,
                Map.of("name", name, "expiresAt", t.expiresAt().toString()), caller.source());
        return Map.entry(t, secret);
    }

    /** Deletes one of the caller's tokens. */
    public void deleteToken(Caller caller, String id) {
        if (!store.deleteToken(caller.username(), id)) {
            throw ProblemException.notFound("no token " + id);
        }
        auditor.record(caller.username(), "token.delete", id, null, null, caller.source());
    }

    private long admins() {
        return store.accounts().stream().filter(a -> Role.ADMIN.id().equals(a.role())).count();
    }

    private void checkThrottle(String source) {
        long wait = throttle.retryAfterSeconds(source);
        if (wait > 0) {
            throw ProblemException.tooManyAttempts("too many failed attempts from " + source
                    + "; try again in " + wait + " s", wait);
        }
    }

    private static void checkUsername(String username) {
        if (username == null || !USERNAME.matcher(username).matches()) {
            throw ProblemException.invalid("username", "pattern", "1 to 64 of A-Z, a-z, 0-9, '.', '_' or '-'");
        }
    }

    private static Role checkRole(String roleName) {
        Role role = Role.parse(roleName);
        if (role == null) {
            throw ProblemException.invalid("role", "options", "must be one of admin, operator, auditor");
        }
        return role;
    }

    private void checkPassword(String field, String password) {
        if (password == null || password.length() < policy.minPasswordLength()) {
            throw ProblemException.invalid(field, "length",
                    "must be at least " + policy.minPasswordLength() + " characters");
        }
        if (password.length() > AccountPolicy.MAX_PASSWORD_LENGTH) {
            throw ProblemException.invalid(field, "length",
                    "must be at most " + AccountPolicy.MAX_PASSWORD_LENGTH + " characters");
        }
    }
}
