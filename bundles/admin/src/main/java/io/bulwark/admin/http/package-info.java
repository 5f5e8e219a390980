/**
 * The HTTPS listener of the admin plane (Pax Web, configured here: HTTPS only, TLS 1.2+, own
 * certificate) and the static web UI it serves.
 */
package io.bulwark.admin.http;
