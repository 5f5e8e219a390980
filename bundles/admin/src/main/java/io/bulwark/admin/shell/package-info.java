/** Karaf shell commands for staff who prefer a console ({@code bulwark:status}, {@code bulwark:calls}). */
package io.bulwark.admin.shell;
