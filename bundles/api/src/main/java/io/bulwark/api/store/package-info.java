/**
 * Persistence contracts: call records written off the hot path, the accounts, API tokens and
 * audit trail of the admin plane, and (since 1.2) the durable, searchable history of security
 * events ({@link io.bulwark.api.store.SecurityEventStore}).
 */
@Version("1.3.0")
package io.bulwark.api.store;

import org.osgi.annotation.versioning.Version;
