/**
 * Contracts of admission and of ban decisions.
 *
 * <p>The transport asks an {@link io.bulwark.api.decision.AdmissionGate} about every packet and
 * connection before decoding, and a {@link io.bulwark.api.decision.MethodRateGate} about every
 * framed request (RFC 3261 section 7.1 start line). The {@link
 * io.bulwark.api.decision.DecisionStore} is the one place that says who is banned ({@link
 * io.bulwark.api.decision.Ban}) and who is never banned ({@link
 * io.bulwark.api.decision.AllowListEntry}); {@link io.bulwark.api.decision.DecisionListener}s
 * follow it, and a {@link io.bulwark.api.decision.BanEnforcer} applies it in the kernel. Scopes
 * are CIDR blocks (RFC 4632 section 3.1, RFC 4291 section 2.3), written as RFC 5952 text.
 *
 * <p>1.1.0 added every type but {@code AdmissionGate}, and {@link
 * io.bulwark.api.decision.AdmissionGate#connectionClosed}. 1.2.0 added {@link
 * io.bulwark.api.decision.AdmissionStatistics}.
 */
@Version("1.2.0")
package io.bulwark.api.decision;

import org.osgi.annotation.versioning.Version;
