package io.bulwark.store;

import io.bulwark.api.store.AdminAccount;
import io.bulwark.api.store.AdminAccountStore;
import io.bulwark.api.store.ApiToken;
import io.bulwark.api.store.AuditEntry;
import io.bulwark.api.store.AuditLog;
import io.bulwark.store.schema.SchemaMigrator;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accounts, API tokens and the audit trail of the admin plane, in the same H2 database as the
 * call records (same configuration, {@value H2CallRecordStore#PID}).
 *
 * <p>Unlike call records these writes are synchronous and committed before the method returns:
 * they are rare, and an audited change must not be reported done before its audit entry is safe.
 * H2 in one JVM shares one open database between the components that open the same file.
 */
@Component(service = {AdminAccountStore.class, AuditLog.class}, immediate = true,
        configurationPid = H2CallRecordStore.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
public final class H2AdminStore implements AdminAccountStore, AuditLog, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(H2AdminStore.class);
    /** Largest page of {@link #page}. */
    static final int MAX_AUDIT_PAGE = 1000;

    private final H2Database db;
    /** Keeps the database open between operations, so each one is a cheap session. */
    private final Connection anchor;

    /**
     * DS entry point.
     *
     * @param config the store configuration (only the directory is used)
     */
    @Activate
    public H2AdminStore(H2CallRecordStore.Config config) {
        this(StoreSettings.from(config).dbDir());
    }

    /**
     * Opens the store without a framework.
     *
     * @param dbDir the database directory
     */
    public H2AdminStore(Path dbDir) {
        this.db = new H2Database(dbDir);
        try {
            this.anchor = db.connect();
            SchemaMigrator.standard().migrate(anchor);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open admin database at " + db.dir() + ": "
                    + e.getMessage(), e);
        }
        LOG.info("Admin account store open at {}", db.dir());
    }

    @Override
    public List<AdminAccount> accounts() {
        return run(AdminSql::accounts);
    }

    @Override
    public Optional<AdminAccount> find(String username) {
        return username == null ? Optional.empty() : run(c -> AdminSql.account(c, username));
    }

    @Override
    public void save(AdminAccount account) {
        Objects.requireNonNull(account.username(), "username");
        run(c -> {
            AdminSql.merge(c, account);
            return null;
        });
    }

    @Override
    public boolean saveFirst(AdminAccount account) {
        return run(c -> AdminSql.insertFirst(c, account));
    }

    @Override
    public boolean delete(String username) {
        return run(c -> {
            c.setAutoCommit(false);
            try {
                boolean deleted = AdminSql.deleteAccount(c, username);
                c.commit();
                return deleted;
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        });
    }

    @Override
    public long count() {
        return run(AdminSql::countAccounts);
    }

    @Override
    public List<ApiToken> tokens(String username) {
        return run(c -> AdminSql.tokens(c, username));
    }

    @Override
    public Optional<ApiToken> tokenBySecretHash(String secretHash) {
        return run(c -> AdminSql.tokenByHash(c, secretHash));
    }

    @Override
    public void saveToken(ApiToken token) {
        run(c -> {
            AdminSql.insertToken(c, token);
            return null;
        });
    }

    @Override
    public boolean deleteToken(String username, String id) {
        return run(c -> AdminSql.deleteToken(c, username, id));
    }

    @Override
    public AuditEntry append(AuditEntry entry) {
        Objects.requireNonNull(entry.action(), "action");
        return run(c -> AdminSql.append(c, entry));
    }

    @Override
    public List<AuditEntry> page(long beforeId, int limit) {
        if (limit < 1 || limit > MAX_AUDIT_PAGE) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_AUDIT_PAGE);
        }
        return run(c -> AdminSql.audit(c, beforeId, limit));
    }

    /** An operation on its own connection (auto-commit unless it says otherwise). */
    @FunctionalInterface
    private interface Operation<T> {
        T run(Connection c) throws SQLException;
    }

    private synchronized <T> T run(Operation<T> op) {
        try (Connection c = db.connect()) {
            return op.run(c);
        } catch (SQLException e) {
            throw new IllegalStateException("admin store operation failed: " + e.getMessage(), e);
        }
    }

    /** DS deactivation. */
    @Deactivate
    void deactivate() {
        close();
    }

    @Override
    public synchronized void close() {
        try {
            anchor.close();
        } catch (SQLException e) {
            LOG.warn("Closing the admin store: {}", e.getMessage());
        }
    }
}
