package io.bulwark.api.decision;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Enforces the bans of the {@link DecisionStore} below user space (dos-mitigation's nftables
 * enforcer), and tells whether it manages to.
 */
@ProviderType
public interface BanEnforcer {

    /** @return the current state of kernel enforcement; never blocks */
    EnforcementHealth enforcementHealth();
}
