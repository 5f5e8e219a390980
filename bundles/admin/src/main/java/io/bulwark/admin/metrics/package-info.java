/** Figures for the dashboard, sampled off the request path. */
package io.bulwark.admin.metrics;
