/** The audit trail of the admin plane: every change, with who, when, and old and new values. */
package io.bulwark.admin.audit;
