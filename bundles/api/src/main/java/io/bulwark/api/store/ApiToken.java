package io.bulwark.api.store;

import java.time.Instant;

/**
 * A bearer token for scripts. Only a hash of the secret is stored.
 *
 * @param id the public identifier
 * @param username the owner, whose role the token carries
 * @param name what the owner called it
 * @param secretHash the SHA-256 of the secret, hex
 * @param createdAt when it was created
 * @param expiresAt when it stops working
 */
public record ApiToken(String id, String username, String name, String secretHash,
        Instant createdAt, Instant expiresAt) {
}
