/** Limits beyond the codec's: Via, Route and Record-Route depth, header size and count, Content-Length. */
package io.bulwark.inspection.limits;
