/**
 * Versioned schema migrations of the store database. Private to the bundle (not exported).
 */
package io.bulwark.store.schema;
