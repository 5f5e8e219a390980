/**
 * The proxy's side of the inspector contract: the ordered chain of inspectors, the findings it
 * turns into security events (with redacted evidence), and the bounded state the inspectors keep
 * here so that it outlives an update of the inspection bundle.
 */
package io.bulwark.sipproxy.inspect;
