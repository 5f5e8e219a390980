/**
 * Fixed-size, allocation-free tables keyed by IP addresses and prefixes, for the per-packet path.
 * Addresses are two longs: IPv6 as is, IPv4 as its IPv4-mapped IPv6 form (RFC 4291 section
 * 2.5.5.2), so one code path serves both families. Private to the bundle.
 */
package io.bulwark.dos.table;
