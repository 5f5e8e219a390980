/**
 * Call records on an embedded H2 database. Private to the bundle: other bundles see only
 * {@link io.bulwark.api.store.CallRecordStore}. The package carries no {@code @Version}, so the
 * build does not export it.
 */
package io.bulwark.store;
