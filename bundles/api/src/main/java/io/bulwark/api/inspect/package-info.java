/**
 * The inspector contract between the sip-proxy and the sip-inspection bundle: the proxy hands
 * every request (and every response on its way back to a request's sender) to the ordered
 * {@link io.bulwark.api.inspect.SipInspector} services and acts on their
 * {@link io.bulwark.api.inspect.Verdict}s. Counters and per-source, per-user and per-dialog
 * state live in {@link io.bulwark.api.inspect.InspectionState}, provided by the proxy, so that
 * updating the inspectors keeps it.
 */
@Version("1.0.0")
package io.bulwark.api.inspect;

import org.osgi.annotation.versioning.Version;
