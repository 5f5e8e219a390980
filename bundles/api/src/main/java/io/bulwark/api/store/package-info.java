/** Persistence contracts: call records written off the hot path. */
@Version("1.0.0")
package io.bulwark.api.store;

import org.osgi.annotation.versioning.Version;
