/** Call hijacking and call-termination DoS: only the parties of a call may act in it. */
package io.bulwark.inspection.dialog;
