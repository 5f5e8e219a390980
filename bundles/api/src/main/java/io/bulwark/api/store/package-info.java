/**
 * Persistence contracts: call records written off the hot path, and the accounts, API tokens
 * and audit trail of the admin plane.
 */
@Version("1.1.0")
package io.bulwark.api.store;

import org.osgi.annotation.versioning.Version;
