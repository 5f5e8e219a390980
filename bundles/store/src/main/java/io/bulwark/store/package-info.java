/**
 * Call records, security events and the admin plane's accounts and audit trail on an embedded H2
 * database. Private to the bundle: other bundles see only the services of {@code
 * io.bulwark.api.store} ({@link io.bulwark.api.store.CallRecordStore}, {@link
 * io.bulwark.api.store.SecurityEventStore}, ...) and {@link io.bulwark.api.event.SecurityEventSink}.
 * The package carries no {@code @Version}, so the build does not export it.
 */
package io.bulwark.store;
