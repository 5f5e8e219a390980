/**
 * The decision store: bans with a time to live, escalation for repeat offenders, the allow-list,
 * an expiry sweeper, and an append-only journal that survives a killed process. Also the ban
 * policy that turns security events into bans. Private to the bundle: other bundles see {@link
 * io.bulwark.api.decision.DecisionStore} and {@link io.bulwark.api.event.SecurityEventSink}.
 */
package io.bulwark.dos.decision;
