package io.bulwark.api.store;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Durable accounts and API tokens of the admin plane. Writes are committed before the method
 * returns: an account change must not be lost, and they are rare.
 */
@ProviderType
public interface AdminAccountStore {

    /** @return every account, by username */
    List<AdminAccount> accounts();

    /**
     * @param username a login name
     * @return the account
     */
    Optional<AdminAccount> find(String username);

    /**
     * Inserts or replaces an account.
     *
     * @param account the account
     */
    void save(AdminAccount account);

    /**
     * Inserts an account only if no account exists yet, atomically (first-start setup).
     *
     * @param account the first account
     * @return false when an account already exists
     */
    boolean saveFirst(AdminAccount account);

    /**
     * Deletes an account and its tokens.
     *
     * @param username a login name
     * @return false when there was no such account
     */
    boolean delete(String username);

    /** @return how many accounts exist */
    long count();

    /**
     * @param username an owner
     * @return the owner's tokens, newest first
     */
    List<ApiToken> tokens(String username);

    /**
     * @param secretHash the SHA-256 of a presented secret, hex
     * @return the token with that hash
     */
    Optional<ApiToken> tokenBySecretHash(String secretHash);

    /** @param token a new token */
    void saveToken(ApiToken token);

    /**
     * @param username the owner
     * @param id the token id
     * @return false when the owner has no such token
     */
    boolean deleteToken(String username, String id);
}
