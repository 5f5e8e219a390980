/**
 * Karaf shell commands for staff who prefer a console ({@code bulwark:status}, {@code bulwark:calls},
 * {@code bulwark:bans}, {@code bulwark:events}, ...).
 */
package io.bulwark.admin.shell;
