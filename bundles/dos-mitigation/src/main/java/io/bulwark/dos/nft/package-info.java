/**
 * Kernel enforcement of bans with nftables: the table {@code inet bulwark}, its sets {@code
 * banned4} and {@code banned6} (interval sets with per-element timeouts) and one drop rule per
 * family, driven through the {@code nft} binary in its JSON syntax (libnftables-json(5)). Private
 * to the bundle.
 */
package io.bulwark.dos.nft;
