/** RFC 9457 problem details: the one shape of every error the admin API returns. */
package io.bulwark.admin.problem;
