/**
 * The admin REST API on Apache CXF JAX-RS: resources, authentication filter, problem+json
 * mapping (RFC 9457) and the OpenAPI 3 description.
 */
package io.bulwark.admin.rest;
