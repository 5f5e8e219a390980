package io.bulwark.api.decision;

/** Who decided a {@link Ban}. */
public enum BanOrigin {
    /** A detector of the appliance, through the ban policy; escalates for repeat offenders. */
    DETECTOR,
    /** A network admin, through the REST API, the web admin or the shell; never escalated. */
    ADMIN,
    /** An outside system (CrowdSec, the fleet channel) through cloud-push; never escalated. */
    CLOUD
}
