package io.bulwark.inspection.policy;

import io.bulwark.api.transport.Zone;
import java.util.Objects;

/**
 * The method policy, checked: one {@link ZonePolicy} per zone.
 *
 * @param enabled whether it inspects at all
 * @param outside what requests from the outside zone may be
 * @param inside what requests from the inside zone may be
 */
record PolicySettings(boolean enabled, ZonePolicy outside, ZonePolicy inside) {

    PolicySettings {
        Objects.requireNonNull(outside, "outside");
        Objects.requireNonNull(inside, "inside");
    }

    static PolicySettings of(MethodPolicyInspector.Config c) {
        return new PolicySettings(c.enabled(),
                ZonePolicy.parse("outside", c.outside_methods(), c.outside_schemes(), c.outside_domains()),
                ZonePolicy.parse("inside", c.inside_methods(), c.inside_schemes(), c.inside_domains()));
    }

    /** @return the policy of the zone a request came from (an unknown zone counts as outside) */
    ZonePolicy forZone(Zone zone) {
        return zone == Zone.INSIDE ? inside : outside;
    }
}
