/** The media relay as an OSGi service: configuration, event loops, the idle sweep and CONTENT events. */
package io.bulwark.media.service;
