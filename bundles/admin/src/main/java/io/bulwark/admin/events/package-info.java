/** Security events as the dashboard shows them: per level over time, top offending sources. */
package io.bulwark.admin.events;
