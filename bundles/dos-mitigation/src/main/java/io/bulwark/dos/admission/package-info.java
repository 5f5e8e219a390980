/**
 * Admission before parsing: the {@link io.bulwark.api.decision.AdmissionGate} and {@link
 * io.bulwark.api.decision.MethodRateGate} the transport consults for every packet, connection
 * and request. Token buckets (GCRA) per source, per prefix, per zone and globally, a cap on open
 * connections per source, per-method rates after a look at the RFC 3261 section 7.1 start line,
 * and the banned and allow-listed sets of the decision store, all in fixed-size primitive tables.
 * Private to the bundle.
 */
package io.bulwark.dos.admission;
