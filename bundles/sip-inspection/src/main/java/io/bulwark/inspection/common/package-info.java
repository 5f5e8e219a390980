/** What the inspectors share: reading users, address-of-records and prefixes off a message. */
package io.bulwark.inspection.common;
