/**
 * Configuration of every Bulwark component through the admin API, validated against the
 * component's metatype (OSGi Compendium 105) before Configuration Admin sees it.
 */
package io.bulwark.admin.config;
