/**
 * Contracts of admission and of ban decisions. The transport asks an {@link
 * io.bulwark.api.decision.AdmissionGate} about every packet and connection before decoding.
 */
@Version("1.0.0")
package io.bulwark.api.decision;

import org.osgi.annotation.versioning.Version;
